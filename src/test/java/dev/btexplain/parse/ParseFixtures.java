package dev.btexplain.parse;

import dev.btexplain.model.Backtrace;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads test inputs through the real parser. */
final class ParseFixtures {
    private ParseFixtures() {
    }

    static Backtrace resource(String name) {
        try (InputStream in = ParseFixtures.class.getResourceAsStream("/parse/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /parse/" + name);
            }
            return new GdbParser().parse(new LineSource(in, Long.MAX_VALUE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text as the format detector tells it must be ({@code format}), read by that format's parser. */
    static Backtrace detected(dev.btexplain.model.InputFormat format, BacktraceParser parser, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertEquals(format, new FormatDetector().detect(bytes, bytes.length).format(), "detected");
        try {
            return parser.parse(new LineSource(new ByteArrayInputStream(bytes), Long.MAX_VALUE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Backtrace text(String text) {
        try {
            return new GdbParser().parse(new LineSource(
                    new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Long.MAX_VALUE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
