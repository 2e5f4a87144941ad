package dev.btexplain.cli;

import dev.btexplain.report.ReportFormat;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that writes a report shares. */
public final class OutputOptions {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            converter = FormatConverter.class,
            description = "Report form: text, markdown, json (default: ${DEFAULT-VALUE}).")
    ReportFormat format = ReportFormat.TEXT;

    @Option(names = "--no-color", description = "Plain text even on a terminal.")
    boolean noColor;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path output;

    /** Accepts the lower-case ids CONTRACT.md uses and names the valid ones when given something else. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            for (ReportFormat f : ReportFormat.values()) {
                if (f.id().equals(value)) {
                    return f;
                }
            }
            StringBuilder valid = new StringBuilder();
            for (ReportFormat f : ReportFormat.values()) {
                valid.append(valid.length() == 0 ? "" : ", ").append(f.id());
            }
            throw new picocli.CommandLine.TypeConversionException(
                    "unknown format '" + value + "' (valid: " + valid + ")");
        }
    }
}
