package dev.btexplain.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** --interval, --timeout and --time-limit read a bare number as seconds, as sleep, watch and pmp do. */
class DurationConverterTest {
    private final CaptureOptions.DurationConverter convert = new CaptureOptions.DurationConverter();

    @Test
    void bareNumbersAreSeconds() {
        assertEquals(Duration.ofSeconds(1), convert.convert("1"));
        assertEquals(Duration.ofMillis(500), convert.convert("0.5"));
        assertEquals(Duration.ofMillis(250), convert.convert(".25"));
    }

    @Test
    void unitsAreAccepted() {
        assertEquals(Duration.ofMillis(500), convert.convert("500ms"));
        assertEquals(Duration.ofSeconds(2), convert.convert("2s"));
        assertEquals(Duration.ofMillis(1500), convert.convert("1.5s"));
        assertEquals(Duration.ofMinutes(1), convert.convert("1m"));
        assertEquals(Duration.ofMinutes(2), convert.convert("2 min"));
    }

    @Test
    void anythingElseIsRefusedInOneLine() {
        for (String bad : new String[] {"", "-1", "fast", "1h", "1e3"}) {
            CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class, () -> convert.convert(bad));
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }
}
