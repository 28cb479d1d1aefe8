package io.netprove.cli.collect;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads what {@link CaptureScript} printed. Each capture is a frame:
 * <pre>
 * @@netprove-capture 1 begin FILE plain|gzip-base64
 * ...content...
 * @@netprove-capture 1 end FILE status N
 * </pre>
 * or one line {@code @@netprove-capture 1 missing FILE COMMAND}; the script ends with {@code ... done}. Only the
 * file names the script knows are accepted. A frame without its end (the log was cut short), a command that exited
 * with a status other than 0, or content that does not decode is recorded as not captured, with the reason.
 */
record CaptureOutput(Map<String, byte[]> files, Map<String, String> notCaptured, boolean complete,
                     List<String> otherLines) {

    static CaptureOutput parse(String log) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, String> missing = new LinkedHashMap<>();
        List<String> other = new ArrayList<>();
        boolean done = false;
        String file = null;
        String encoding = null;
        StringBuilder content = new StringBuilder();
        String prefix = CaptureScript.MARK + " ";
        for (String line : log.split("\n", -1)) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (!line.startsWith(prefix)) {
                if (file != null) {
                    content.append(line).append('\n');
                } else if (!line.isBlank()) {
                    other.add(line);
                }
                continue;
            }
            String[] w = line.substring(prefix.length()).split(" ");
            if (w[0].equals("done") && file == null) {
                done = true;
            } else if (w[0].equals("begin") && w.length == 3 && CaptureScript.CAPTURES.containsKey(w[1])) {
                if (file != null) {
                    missing.put(file, "its output was cut short");
                }
                file = w[1];
                encoding = w[2];
                content.setLength(0);
            } else if (w[0].equals("end") && w.length == 4 && w[1].equals(file) && w[2].equals("status")) {
                if (!w[3].equals("0")) {
                    missing.put(file, "'" + CaptureScript.CAPTURES.get(file) + "' exited with status " + w[3]);
                } else {
                    try {
                        files.put(file, decode(encoding, content.toString()));
                    } catch (IOException | IllegalArgumentException e) {
                        missing.put(file, "its output could not be decoded (" + e.getMessage() + ")");
                    }
                }
                file = null;
            } else if (w[0].equals("missing") && w.length >= 3 && CaptureScript.CAPTURES.containsKey(w[1])) {
                missing.put(w[1], "command '" + w[2] + "' not found on the node");
            } else {
                other.add(line);
            }
        }
        if (file != null) {
            missing.put(file, "its output was cut short");
        }
        return new CaptureOutput(files, missing, done, other);
    }

    private static byte[] decode(String encoding, String content) throws IOException {
        if (encoding.equals("plain")) {
            // the shell drops the output's trailing newlines and the script prints one back: an empty output is
            // one empty line
            return content.equals("\n") ? new byte[0] : content.getBytes(StandardCharsets.UTF_8);
        }
        if (!encoding.equals("gzip-base64")) {
            throw new IllegalArgumentException("unknown encoding " + encoding);
        }
        byte[] zipped = Base64.getMimeDecoder().decode(content);
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
            byte[] bytes = in.readAllBytes();
            return bytes.length == 1 && bytes[0] == '\n' ? new byte[0] : bytes;
        }
    }
}
