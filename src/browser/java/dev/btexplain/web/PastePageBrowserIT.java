package dev.btexplain.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.btexplain.Btexplain;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The paste page of btexplain serve in Debian's real headless chromium (/usr/bin/chromium, driven through
 * /usr/bin/chromedriver; nothing downloaded): paste, drop a file, expand a group, search, zoom the flame graph,
 * a screenshot that is not blank, and a hostile backtrace that stays text.
 */
class PastePageBrowserIT {
    private static WebServer server;
    private static ChromeDriver driver;
    private static String base;

    @BeforeAll
    static void start(@org.junit.jupiter.api.io.TempDir Path profile) throws Exception {
        server = new WebServer(InetAddress.getLoopbackAddress(), 0, 64L << 20, Duration.ofSeconds(60), Btexplain.Options.defaults());
        server.start();
        base = "http://127.0.0.1:" + server.address().getPort() + "/";
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1400", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void open() {
        driver.get(base);
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30));
    }

    private static void paste(String text) {
        WebElement box = driver.findElement(By.id("paste-text"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1];", box, text);
        driver.findElement(By.id("paste-go")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#verdict .v"), "Verdict:"));
    }

    @Test
    @DisplayName("paste the founding example (or, without ../shared, our own QEMU capture): the verdict and the RCU thread's explanation show")
    void pasteSeed() throws Exception {
        Path seed = Path.of("../shared/corpus/seed/qemu-seed-reconstructed.txt");
        boolean founding = Files.exists(seed);
        paste(Files.readString(founding ? seed : Path.of("src/test/resources/captures/qemu/qemu72-smp2-prelaunch.txt")));
        assertEquals("Verdict: idle (likely)", driver.findElement(By.cssSelector("#verdict .v")).getText());
        driver.findElements(By.cssSelector("details.group:not([open]) > summary")).forEach(WebElement::click);
        String page = driver.findElement(By.id("groups")).getText();
        assertTrue(page.contains(founding ? "call_rcu_thread is QEMU's RCU (read-copy-update) reclamation thread, waiting for callbacks to be queued"
                : "QEMU's RCU (read-copy-update) reclamation thread, waiting for callbacks to be queued"), page);
        assertFalse(page.contains("RTC"), page);
        // a frame's meaning is a key of the report's "meanings": the page shows the sentence as the frame's title
        WebElement known = driver.findElement(By.cssSelector("#groups .frame.known"));
        assertTrue(known.getAttribute("title").contains(" "), "a sentence, not a key: " + known.getAttribute("title"));
        byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int first = image.getRGB(0, 0);
        boolean varied = false;
        for (int y = 0; y < image.getHeight() && !varied; y += 7) {
            for (int x = 0; x < image.getWidth() && !varied; x += 7) {
                varied = image.getRGB(x, y) != first;
            }
        }
        assertTrue(varied, "the screenshot is not blank");
    }

    /** Names that stress text layout: every kind of unusual Unicode a listing may carry, and random code points. */
    private static List<String> unusualNames() {
        List<String> names = new java.util.ArrayList<>(List.of(
                "\uD83D\uDE00".repeat(1000), "a" + "\uD83D\uDE00".repeat(1000), "a" + "\u0301".repeat(3000),
                "\u202Eabc\u202C".repeat(50), "\u05E9\u05DC\u05D5\u05DD".repeat(200) + "abc\u2067def\u2069",
                "\uFFFF\uFFFE\uFDD0".repeat(30), "\uFEFF".repeat(200), "a" + "\uFE0F".repeat(800),
                "\u0F40" + "\u0FB1\u0FB2\u0F7A".repeat(800), "\u0E01\u0E34\u0E4A".repeat(600),
                "\u0644\u200D\u0627\u0652\u0670".repeat(1000), "\uD83C\uDDE6\uD83C\uDDE7".repeat(400),
                "y".repeat(500_000), "\u001b]0;title\u0007\u001b[2J\u0085", "a\u200B".repeat(3000),
                "\uFFF9a\uFFFAb\uFFFB".repeat(100)));
        java.util.Random random = new java.util.Random(8);
        for (int n = 0; n < 12; n++) {
            StringBuilder b = new StringBuilder();
            int length = 1 + random.nextInt(n % 3 == 0 ? 5000 : 200);
            while (b.length() < length) {
                int plane = random.nextInt(4);
                int cp = plane == 3 ? 0xE0000 + random.nextInt(0x200) : plane * 0x10000 + random.nextInt(0x10000);
                if (cp < 0xD800 || cp > 0xDFFF) {
                    b.appendCodePoint(cp);
                }
            }
            names.add(b.toString());
        }
        return names;
    }

    @Test
    @DisplayName("HTML reports whose thread and function names hold unusual Unicode (emoji cut anywhere, thousands of "
            + "combining marks, bidi overrides, tags, noncharacters, random code points) open without a crash")
    void unusualUnicodeOpens(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<String> names = unusualNames();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).replace("\n", " ").replace("\r", " ");
            String listing = "Thread 2 (Thread 0x7f02 (LWP 102) \"" + name + "\"):\n"
                    + "#0  0x00007f in __futex_abstimed_wait_common64 () from /lib/libc.so.6\n"
                    + "#1  0x0000555 in " + name.replace(' ', '_') + " () at w.c:3\n"
                    + "#2  0x00007f in start_thread () from /lib/libc.so.6\n\n"
                    + "Thread 1 (Thread 0x7f01 (LWP 101) \"main\"):\n#0  0x00007f in main () at m.c:1\n";
            Path page = dir.resolve("report-" + i + ".html");
            try (java.io.OutputStream out = Files.newOutputStream(page)) {
                Btexplain.render(Btexplain.explain(new ByteArrayInputStream(listing.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        Btexplain.Options.defaults()), dev.btexplain.report.ReportFormat.HTML, out, false);
            }
            driver.get(page.toUri().toString());
            waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#verdict .v"), "Verdict:"));
            assertTrue(driver.findElement(By.id("groups")).getText().contains("Thread 2"), "report " + i + " drawn");
        }
        // control characters are shown, not obeyed
        assertTrue(driver.findElement(By.id("groups")).getText().length() > 0);
        Path hostile = dir.resolve("hostile.html");
        try (java.io.OutputStream out = Files.newOutputStream(hostile)) {
            Btexplain.render(Btexplain.explain(Files.newInputStream(Path.of("src/test/resources/hostile/names.txt")),
                    Btexplain.Options.defaults()), dev.btexplain.report.ReportFormat.HTML, out, false);
        }
        driver.get(hostile.toUri().toString());
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#verdict .v"), "Verdict:"));
        String shown = driver.findElement(By.id("groups")).getText();
        assertTrue(shown.contains("\\x1b]0;pwned\\x07") && !shown.contains("\u001b"), shown);
    }

    @Test
    @DisplayName("drop a file (the file input): it is explained in place")
    void dropFile() {
        driver.findElement(By.id("paste-file")).sendKeys(Path.of("src/test/resources/captures/gcc/deadlock-abba-2samples.txt").toAbsolutePath().toString());
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#verdict .v"), "Verdict: deadlock"));
        assertTrue(driver.findElement(By.id("locks")).getText().contains("<lock_a>"));
    }

    @Test
    @DisplayName("groups expand, search filters threads, and a click on the flame graph zooms")
    void groupsSearchAndZoom() throws Exception {
        paste(Files.readString(Path.of("src/test/resources/captures/qemu/qemu72-bql-hang-monitor-command-2samples.txt")));
        List<WebElement> groups = driver.findElements(By.cssSelector("details.group"));
        assertTrue(groups.size() >= 5);
        WebElement closed = groups.get(groups.size() - 1);
        ((JavascriptExecutor) driver).executeScript("arguments[0].open = false;", closed);
        closed.findElement(By.tagName("summary")).click();
        assertEquals("true", closed.getAttribute("open"));

        driver.findElement(By.id("search")).sendKeys("qemuio_command");
        long visible = driver.findElements(By.cssSelector(".thread")).stream().filter(WebElement::isDisplayed).count();
        assertEquals(1, visible, "only the main loop's stack has qemuio_command");

        List<WebElement> rects = driver.findElements(By.cssSelector("#flame-svg rect"));
        int before = rects.size();
        WebElement target = rects.stream().filter(r -> "start_thread".equals(r.getAttribute("data-name"))).findFirst().orElseThrow();
        ((JavascriptExecutor) driver).executeScript("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}));", target);
        int after = driver.findElements(By.cssSelector("#flame-svg rect")).size();
        assertNotEquals(before, after, "zoomed: only start_thread's part of the graph is drawn");
        Object widths = ((JavascriptExecutor) driver).executeScript("const svg = document.getElementById('flame-svg');"
                + "const z = [...svg.querySelectorAll('rect')].find(r => r.getAttribute('data-name') === 'start_thread');"
                + "return [svg.getAttribute('viewBox').split(' ')[2], z.getAttribute('width')];");
        List<?> w = (List<?>) widths;
        assertEquals(String.valueOf(w.get(0)), String.valueOf(w.get(1)), "the zoomed node spans the whole width");
    }

    @Test
    @DisplayName("a 50-thread pool fits one screen with its groups closed, one stack per group; the flame graph's search "
            + "highlights and measures; served, the page offers another paste and the report to download")
    void aPoolOnOneScreen() throws Exception {
        paste(Files.readString(Path.of("src/test/resources/captures/gcc/pool-50-threads.txt")));
        List<WebElement> groups = driver.findElements(By.cssSelector("details.group"));
        assertEquals(5, groups.size());
        assertTrue(groups.stream().noneMatch(g -> g.getAttribute("open") != null), "closed");
        assertTrue(groups.stream().anyMatch(g -> g.getText().equals("40 × unknown role — wait-condvar in "
                + "__futex_abstimed_wait_common64: threads 2–41")), groups.get(0).getText());
        long height = (Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollHeight;");
        assertTrue(height <= 1400, "one screen (1280×1400): " + height + " px");
        assertTrue(driver.findElement(By.id("locks")).getText().contains("threads 43–46"), driver.findElement(By.id("locks")).getText());
        WebElement workers = groups.stream().filter(g -> g.getText().startsWith("40 ×")).findFirst().orElseThrow();
        workers.findElement(By.tagName("summary")).click();
        assertEquals(1, workers.findElements(By.cssSelector(".thread")).size(), "one stack for the group");
        assertTrue(workers.getText().contains("the same stack and state in 39 more threads: 2–40 \"pool-50\""), workers.getText());

        driver.findElement(By.id("search")).sendKeys("flush_cache");
        assertEquals("matched \"flush_cache\": 4 of 50 (8.0 %), highlighted", driver.findElement(By.id("flame-match")).getText());
        assertTrue(driver.findElements(By.cssSelector("#flame-svg rect.match")).size() >= 1);
        assertEquals(1, driver.findElements(By.cssSelector("details.group")).stream().filter(WebElement::isDisplayed).count());

        assertTrue(driver.findElement(By.id("download")).getAttribute("href").startsWith("blob:"));
        driver.findElement(By.id("again")).click();
        assertTrue(driver.findElement(By.id("paste-text")).isDisplayed() && !driver.findElement(By.id("report")).isDisplayed());
        paste(Files.readString(Path.of("src/test/resources/captures/gcc/deadlock-abba-2samples.txt")));
        assertTrue(driver.findElement(By.cssSelector("#verdict .v")).getText().startsWith("Verdict: deadlock"));
    }

    @Test
    @DisplayName("the fleet's HTML page sorts its buckets by a click on a column, with no network and no other script")
    void fleetPageSorts(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path page = dir.resolve("fleet.html");
        java.io.StringWriter err = new java.io.StringWriter();
        int status = dev.btexplain.cli.Main.commandLine(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err))
                .execute("fleet", "src/test/resources/captures/gcc", "--format", "html", "-o", page.toString());
        assertEquals(0, status, err.toString());
        driver.get(page.toUri().toString());
        java.util.function.Supplier<List<String>> column = () -> driver.findElements(By.cssSelector("#buckets tbody tr td:nth-child(1)"))
                .stream().map(WebElement::getText).toList();
        List<String> byCount = column.get();
        assertTrue(byCount.size() > 5 && Integer.parseInt(byCount.get(0)) >= Integer.parseInt(byCount.get(byCount.size() - 1)), byCount.toString());
        driver.findElement(By.cssSelector("#buckets th:nth-child(1)")).click();
        List<String> ascending = column.get();
        assertTrue(Integer.parseInt(ascending.get(0)) <= Integer.parseInt(ascending.get(ascending.size() - 1)), ascending.toString());
        driver.findElement(By.cssSelector("#buckets th:nth-child(2)")).click();
        List<String> signatures = driver.findElements(By.cssSelector("#buckets tbody tr td:nth-child(2) code")).stream()
                .map(WebElement::getText).toList();
        assertEquals(signatures.stream().sorted().toList(), signatures);
    }

    @Test
    @DisplayName("a hostile backtrace stays text: no script runs, the markup shows as it was written")
    void hostileBacktrace() throws Exception {
        paste(Files.readString(Path.of("src/test/resources/hostile/script-in-arguments.txt")));
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert());
        String text = driver.findElement(By.id("groups")).getText();
        assertTrue(text.contains("\"<img src=x onerror=alert(2)>\""), text);
        assertTrue(text.contains("</script><script>alert(1)</script>"), text);
        assertFalse((Boolean) ((JavascriptExecutor) driver).executeScript("return document.querySelectorAll('#groups img, #groups script').length > 0;"));
    }

    @Test
    @DisplayName("the self-contained HTML report works from file:// with no server")
    void reportFromFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path html = dir.resolve("report.html");
        StringBuilder out = new StringBuilder();
        try (var in = Files.newInputStream(Path.of("examples/qemu-idle.txt"))) {
            java.io.StringWriter w = new java.io.StringWriter();
            Btexplain.render(Btexplain.explain(in, Btexplain.Options.defaults()), dev.btexplain.report.ReportFormat.HTML, w, false);
            out.append(w);
        }
        Files.writeString(html, out);
        driver.get(html.toUri().toString());
        assertEquals("Verdict: idle (likely)", driver.findElement(By.cssSelector("#verdict .v")).getText());
        assertTrue(driver.findElements(By.cssSelector("#flame-svg rect")).size() > 10);
        assertFalse(driver.findElement(By.id("paste")).isDisplayed(), "a report shows no paste box");
    }
}
