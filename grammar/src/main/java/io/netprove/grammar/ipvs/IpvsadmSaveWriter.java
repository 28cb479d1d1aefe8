package io.netprove.grammar.ipvs;

import io.netprove.model.ipvs.ForwardingMethod;
import io.netprove.model.ipvs.Persistence;
import io.netprove.model.ipvs.RealServer;
import io.netprove.model.ipvs.SchedulerFlag;
import io.netprove.model.ipvs.TunnelEncapsulation;
import io.netprove.model.ipvs.VirtualService;
import io.netprove.model.ipvs.VirtualServiceKey;
import io.netprove.model.net.AddressFamily;
import io.netprove.model.net.IpAddress;

import java.util.List;
import java.util.StringJoiner;

/**
 * Writes IPVS state in the form {@code ipvsadm-save -n} uses, plus {@code -x}/{@code -y} for thresholds (which
 * ipvsadm -R accepts but ipvsadm-save leaves out). Reading the output back gives the same services.
 */
public final class IpvsadmSaveWriter {

    private IpvsadmSaveWriter() {
    }

    public static String write(List<VirtualService> services) {
        StringBuilder sb = new StringBuilder();
        for (VirtualService s : services) {
            String name = serviceName(s.key());
            sb.append("-A ").append(name).append(" -s ").append(s.scheduler().name());
            if (s.persistence().isPresent()) {
                Persistence p = s.persistence().get();
                sb.append(" -p ").append(p.timeoutSeconds());
                if (p.prefixLength() != s.family().bits()) {
                    if (s.family() == AddressFamily.IPV4) {
                        IpAddress mask = IpAddress.v4(p.prefixLength() == 0 ? 0
                                : (0xffffffffL << (32 - p.prefixLength())) & 0xffffffffL);
                        sb.append(" -M ").append(mask);
                    } else {
                        sb.append(" -M ").append(p.prefixLength());
                    }
                }
                p.engine().ifPresent(e -> sb.append(" --pe ").append(e));
            }
            if (s.onePacket()) {
                sb.append(" -o");
            }
            if (!s.flags().isEmpty()) {
                StringJoiner j = new StringJoiner(",");
                for (SchedulerFlag f : SchedulerFlag.values()) {
                    if (s.flags().contains(f)) {
                        j.add(f.displayName(s.scheduler()));
                    }
                }
                sb.append(" -b ").append(j);
            }
            sb.append('\n');
            for (RealServer r : s.realServers()) {
                sb.append("-a ").append(name).append(" -r ").append(r.endpoint()).append(' ')
                        .append(r.method().saveOption()).append(" -w ").append(r.weight());
                if (r.upperThreshold() > 0) {
                    sb.append(" -x ").append(r.upperThreshold());
                }
                if (r.lowerThreshold() > 0) {
                    sb.append(" -y ").append(r.lowerThreshold());
                }
                if (r.method() == ForwardingMethod.TUNNEL && r.tunnel().isPresent()) {
                    TunnelEncapsulation t = r.tunnel().get();
                    sb.append(" --tun-type ").append(t.type().name().toLowerCase(java.util.Locale.ROOT));
                    t.port().ifPresent(port -> sb.append(" --tun-port ").append(port));
                    if (t.type() != TunnelEncapsulation.Type.IPIP) {
                        sb.append(t.checksum() == TunnelEncapsulation.Checksum.NONE ? " --tun-nocsum"
                                : t.checksum() == TunnelEncapsulation.Checksum.CHECKSUM ? " --tun-csum"
                                : " --tun-remcsum");
                    }
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    private static String serviceName(VirtualServiceKey key) {
        if (key instanceof VirtualServiceKey.ByFwmark) {
            VirtualServiceKey.ByFwmark m = (VirtualServiceKey.ByFwmark) key;
            return "-f " + m.mark() + (m.family() == AddressFamily.IPV6 ? " -6" : "");
        }
        VirtualServiceKey.ByAddress a = (VirtualServiceKey.ByAddress) key;
        return a.protocol().saveOption() + " " + a.address().withPort(a.port());
    }
}
