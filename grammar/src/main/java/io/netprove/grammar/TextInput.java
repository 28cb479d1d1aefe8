package io.netprove.grammar;

import io.netprove.model.netfilter.SourceLocation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a text file for a front end, refusing what is not text: NUL bytes and invalid UTF-8 become an
 * {@link InputError} at the offending line and column, and so do lines longer than a limit.
 */
public final class TextInput {

    /** Longest line any front end accepts; iptables itself caps rules far below this. */
    public static final int MAX_LINE_LENGTH = 1 << 20;

    private TextInput() {
    }

    /** Reads and checks {@code path}; the display name in errors is {@code path} as given. */
    public static String read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new InputError(SourceLocation.of(path.toString(), 0), "no such file");
        } catch (IOException e) {
            throw new InputError(SourceLocation.of(path.toString(), 0), "cannot read: " + e.getMessage());
        }
        return decode(path.toString(), bytes);
    }

    /** Checks and decodes {@code bytes}; pure ASCII takes a fast path. */
    public static String decode(String file, byte[] bytes) {
        boolean ascii = true;
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (i - lineStart > MAX_LINE_LENGTH) {
                    throw tooLong(file, line, i - lineStart);
                }
                line++;
                lineStart = i + 1;
            } else if (b == 0) {
                throw new InputError(new SourceLocation(file, line, i - lineStart + 1),
                        "binary data (NUL byte): expected a text file");
            } else if (b < 0) {
                ascii = false;
            }
        }
        if (bytes.length - lineStart > MAX_LINE_LENGTH) {
            throw tooLong(file, line, bytes.length - lineStart);
        }
        if (ascii) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            int bad = firstInvalidUtf8(bytes);
            int l = 1;
            int start = 0;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    l++;
                    start = i + 1;
                }
            }
            throw new InputError(new SourceLocation(file, l, bad - start + 1),
                    "binary data (invalid UTF-8): expected a text file");
        }
    }

    private static InputError tooLong(String file, int line, int length) {
        return new InputError(new SourceLocation(file, line, 1),
                "line is " + length + " bytes long: expected at most " + MAX_LINE_LENGTH + " bytes per line");
    }

    private static int firstInvalidUtf8(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int c = b[i] & 0xff;
            int n;
            if (c < 0x80) {
                n = 0;
            } else if (c >= 0xc2 && c <= 0xdf) {
                n = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                n = 2;
            } else if (c >= 0xf0 && c <= 0xf4) {
                n = 3;
            } else {
                return i;
            }
            for (int k = 1; k <= n; k++) {
                if (i + k >= b.length || (b[i + k] & 0xc0) != 0x80) {
                    return i;
                }
            }
            i += n + 1;
        }
        return Math.max(0, b.length - 1);
    }
}
