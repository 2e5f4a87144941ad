package dev.btexplain.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The tool's name and version, as the report's {@code tool} object gives them. */
public record ToolInfo(String name, String version) {

    public static ToolInfo current() {
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
