package io.netprove.rules;

import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one pack over the facts in a fresh session on a daemon thread, within {@link RunLimits}: a rule that throws,
 * fires past the firing limit or does not finish in time ends the run with a {@link RuleError} naming it. On a
 * timeout the session is halted and the thread interrupted; a rule stuck in a loop of its own Java code cannot be
 * stopped, but being a daemon thread it does not keep the process alive.
 */
final class RuleRunner {

    private RuleRunner() {
    }

    static void run(CompiledRules pack, List<Object> facts, Findings findings, RunLimits limits) {
        KieSession session = pack.kieBase().newKieSession();
        FiringMonitor monitor = new FiringMonitor(findings);
        session.addEventListener(monitor);
        if (pack.declaresGlobal(Findings.GLOBAL)) {
            session.setGlobal(Findings.GLOBAL, findings);
        }
        FutureTask<Integer> task = new FutureTask<>(() -> {
            for (Object f : facts) {
                session.insert(f);
            }
            return session.fireAllRules(limits.maxFirings());
        });
        Thread worker = new Thread(task, "netprove-rules");
        worker.setDaemon(true);
        worker.start();
        boolean workerDone = true;
        try {
            int fired = task.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (fired >= limits.maxFirings()) {
                String rule = monitor.mostFired();
                throw new RuleError(pack.locationOf(rule), "rule \"" + rule + "\" fired " + monitor.count(rule)
                        + " times and the pack reached the limit of " + limits.maxFirings()
                        + " firings: it probably loops (a rule that changes the facts it matches)");
            }
        } catch (TimeoutException e) {
            workerDone = false;
            session.halt();
            task.cancel(true);
            String rule = monitor.current();
            throw new RuleError(pack.locationOf(rule), (rule.isEmpty() ? "the rules" : "rule \"" + rule + "\"")
                    + " did not finish within " + limits.timeout().toMillis() / 1000.0 + " s");
        } catch (InterruptedException e) {
            workerDone = false;
            Thread.currentThread().interrupt();
            session.halt();
            task.cancel(true);
            throw new RuleError(pack.locationOf(monitor.current()), "interrupted while running the rules");
        } catch (ExecutionException e) {
            throw thrown(pack, monitor, e.getCause());
        } finally {
            if (workerDone) {
                session.dispose();
            }
        }
    }

    private static RuleError thrown(CompiledRules pack, FiringMonitor monitor, Throwable t) {
        String rule;
        Throwable cause = t;
        if (t instanceof ConsequenceException ce) {
            rule = ce.getRule() != null ? ce.getRule().getName() : monitor.current();
            cause = t.getCause() != null ? t.getCause() : t;
        } else {
            rule = ruleNamedIn(t, pack);
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
        }
        String what = cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + firstLine(cause.getMessage()));
        if (rule.isEmpty()) {
            return new RuleError(pack.locationOf(""), "a rule failed while matching facts: " + what);
        }
        return new RuleError(pack.locationOf(rule), "rule \"" + rule + "\" failed: " + what);
    }

    /** The rule named in an error raised while evaluating conditions, found in the messages of the chain. */
    private static String ruleNamedIn(Throwable t, CompiledRules pack) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = c.getMessage();
            if (m == null) {
                continue;
            }
            for (RuleInfo info : pack.catalogue()) {
                if (m.contains(info.name())) {
                    return info.name();
                }
            }
            int at = m.indexOf("Rule \"");
            if (at >= 0) {
                int end = m.indexOf('"', at + 6);
                if (end > at) {
                    return m.substring(at + 6, end);
                }
            }
        }
        return "";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    /** Counts firings per rule and tells the collector which rule is firing. */
    private static final class FiringMonitor extends DefaultAgendaEventListener {
        private final Findings findings;
        private final Map<String, Integer> counts = new HashMap<>();
        private volatile String current = "";

        FiringMonitor(Findings findings) {
            this.findings = findings;
        }

        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            String name = event.getMatch().getRule().getName();
            current = name;
            findings.enterRule(name);
            synchronized (counts) {
                counts.merge(name, 1, Integer::sum);
            }
        }

        String current() {
            return current;
        }

        int count(String rule) {
            synchronized (counts) {
                return counts.getOrDefault(rule, 0);
            }
        }

        String mostFired() {
            synchronized (counts) {
                String best = current;
                int most = -1;
                for (Map.Entry<String, Integer> e : counts.entrySet()) {
                    if (e.getValue() > most || (e.getValue() == most && e.getKey().compareTo(best) < 0)) {
                        best = e.getKey();
                        most = e.getValue();
                    }
                }
                return best;
            }
        }
    }
}
