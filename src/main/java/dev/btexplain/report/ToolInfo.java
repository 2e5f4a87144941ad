package dev.btexplain.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The tool's name and version, as the report's {@code tool} object gives them. */
public record ToolInfo(String name, String version) {

    public static ToolInfo current() {
        return CURRENT;
    }

    /** Read once: a fleet asks for it with each of a million reports. */
    private static final ToolInfo CURRENT = read();

    private static ToolInfo read() {
        Properties p = new Properties();
        try (InputStream in = ToolInfo.class.getResourceAsStream("/dev/btexplain/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // The version is informative only; an unreadable resource leaves it "unknown".
        }
        return new ToolInfo("btexplain", p.getProperty("version", "unknown"));
    }
}
