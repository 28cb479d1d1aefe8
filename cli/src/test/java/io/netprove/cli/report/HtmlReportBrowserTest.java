package io.netprove.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netprove.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTML report in a real browser (Debian's headless Chromium, over the DevTools protocol): it loads without
 * console errors, its matrix has the cells netprove matrix computes, a click opens a witness trace, the buttons
 * work, the graph is drawn; a screenshot is kept at cli/target/html-report/report.png.
 */
class HtmlReportBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String run(int expected, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(expected, status, err.toString());
        return out.toString();
    }

    private static String repo(String relative) {
        String root = System.getProperty("netprove.root");
        return (root != null ? Paths.get(root) : Paths.get("..")).resolve(relative).toString();
    }

    @Test
    void reportLoadsCleanlyShowsTheMatrixAndOpensAWitnessOnClick() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        if (chromium.isEmpty()) {
            System.out.println("SKIPPED HtmlReportBrowserTest: no chromium at /usr/bin/chromium (.ci/run installs"
                    + " Debian's chromium)");
        }
        assumeTrue(chromium.isPresent(), "no chromium installed (apt-get install chromium)");
        Path dir = Files.createDirectories(Paths.get("target", "html-report"));
        Path page = dir.resolve("report.html");
        String intent = repo("examples/shop/intent.np");
        run(4, "check", intent, "--format", "html", "--report-file", page.toString());
        JsonNode matrix = JSON.readTree(run(0, "matrix", intent, "--format", "json"));

        try (HeadlessChromium browser = HeadlessChromium.start(chromium.get())) {
            browser.send("Runtime.enable", Map.of());
            browser.send("Log.enable", Map.of());
            browser.send("Page.enable", Map.of());
            browser.send("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", 900,
                    "deviceScaleFactor", 1, "mobile", false));
            browser.send("Page.navigate", Map.of("url", page.toAbsolutePath().toUri().toString()));
            browser.await("Page.loadEventFired", Duration.ofSeconds(30));

            assertEquals("netprove: " + intent, browser.eval("document.title").asText());
            JsonNode cells = browser.eval("Array.from(document.querySelectorAll('table.matrix td.cell'))"
                    + ".map(c => [c.dataset.zone, c.dataset.service, c.dataset.state, c.textContent,"
                    + " getComputedStyle(c).backgroundColor])");
            assertEquals(matrix.get("cells").size(), cells.size());
            Map<String, String> colours = new HashMap<>();
            for (int i = 0; i < cells.size(); i++) {
                JsonNode want = matrix.get("cells").get(i);
                JsonNode got = cells.get(i);
                assertEquals(want.get("zone").asText(), got.get(0).asText());
                assertEquals(want.get("service").asText(), got.get(1).asText());
                assertEquals(want.get("state").asText(), got.get(2).asText());
                String previous = colours.putIfAbsent(got.get(2).asText(), got.get(4).asText());
                assertTrue(previous == null || previous.equals(got.get(4).asText()), "one colour per state");
            }
            assertEquals("REACHABLE", cell(cells, "office", "shop/web"));
            assertEquals("UNREACHABLE", cell(cells, "internet", "shop/db"));
            assertTrue(colours.size() >= 2 && !colours.get("REACHABLE").equals(colours.get("UNREACHABLE")),
                    colours.toString());

            String witness = "document.querySelector('article[data-status=VIOLATED] details.witness')";
            assertFalse(browser.eval(witness + ".open").asBoolean(), "a witness starts folded");
            assertFalse(browser.eval(witness + ".querySelector('.trace').checkVisibility()").asBoolean());
            double folded = browser.eval(witness + ".getBoundingClientRect().height").asDouble();
            browser.eval(witness + ".scrollIntoView({block: 'center'})");
            JsonNode box = browser.eval("(() => { const r = " + witness + ".querySelector('summary')"
                    + ".getBoundingClientRect(); return [r.left + 20, r.top + r.height / 2]; })()");
            browser.click(box.get(0).asDouble(), box.get(1).asDouble());
            assertTrue(browser.eval(witness + ".open").asBoolean(), "the click opened the witness");
            assertTrue(browser.eval(witness + ".querySelector('.trace').checkVisibility()").asBoolean());
            assertTrue(browser.eval(witness + ".getBoundingClientRect().height").asDouble() > folded + 100,
                    "the trace takes room once open");
            String trace = browser.eval(witness + ".querySelector('.trace').innerText").asText();
            assertTrue(trace.contains("KUBE-EXTERNAL-SERVICES") && trace.contains("DROPPED"), trace);

            browser.eval("document.getElementById('open-all').click()");
            assertEquals(browser.eval("document.querySelectorAll('details.witness').length").asInt(),
                    browser.eval("document.querySelectorAll('details.witness[open]').length").asInt());
            assertTrue(browser.eval("document.querySelectorAll('svg.exposure g.node').length").asInt() >= 10);
            assertTrue(browser.eval("document.querySelectorAll('svg.exposure path.edge.witness').length").asInt() > 0);
            assertTrue(browser.eval("document.querySelector('svg.exposure').getBBox().width").asDouble() > 300);
            assertEquals("No rule-pack findings in this report.",
                    browser.eval("document.querySelector('#findings p.empty').textContent").asText());

            int height = browser.eval("document.documentElement.scrollHeight").asInt();
            browser.send("Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", Math.min(height,
                    8000), "deviceScaleFactor", 1, "mobile", false));
            JsonNode shot = browser.send("Page.captureScreenshot", Map.of("format", "png"));
            byte[] png = Base64.getDecoder().decode(shot.get("data").asText());
            Files.write(dir.resolve("report.png"), png);
            assertTrue(png.length > 10_000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');

            List<String> errors = browser.errors();
            assertTrue(errors.isEmpty(), "console errors: " + errors);
        }
    }

    private static String cell(JsonNode cells, String zone, String service) {
        for (JsonNode c : cells) {
            if (c.get(0).asText().equals(zone) && c.get(1).asText().equals(service)) {
                return c.get(2).asText();
            }
        }
        return null;
    }
}
