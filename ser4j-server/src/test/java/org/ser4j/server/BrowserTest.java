package org.ser4j.server;

import org.ser4j.predict.UntrainedBundle;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.ser4j.model.Architecture;
import org.ser4j.predict.EmotionRecognizer;

/**
 * The web page in headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, driven by
 * Selenium with explicit paths, so nothing is downloaded): uploading a generated WAV shows the
 * predicted emotion, and a fake microphone playing a generated WAV gives live predictions that keep
 * updating. Skipped with a message where Chromium is not installed (CI installs it and fails instead).
 *
 * <p>The server runs a real DJL bundle that is untrained ({@link UntrainedBundle}): its verdicts are
 * meaningless but deterministic, so the page must show exactly what the API answers for the same
 * file; what is tested is the plumbing from the browser to the model and back. Screenshots go to
 * {@code target/browser/}.
 */
class BrowserTest {

    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final List<String> EMOTIONS = List.of("neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised");

    @TempDir
    static Path tmp;
    private static EmotionRecognizer recognizer;
    private static EmotionServer server;
    private ChromeDriver driver;
    private ChromeDriverService service;

    @BeforeAll
    static void start() throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI must have chromium at " + CHROMIUM + " and chromedriver at " + CHROMEDRIVER);
        }
        assumeTrue(present, "skipped: needs chromium at " + CHROMIUM + " and chromedriver at " + CHROMEDRIVER
                + " (apt-get install chromium chromium-driver)");
        Path bundle = UntrainedBundle.write(Architecture.PARALLEL_CNN_BILSTM_ATTENTION, tmp.resolve("model"));
        // an ensemble of two with only validation figures, as a model trained with --test-speakers none records
        org.ser4j.bundle.ModelBundle member = org.ser4j.bundle.ModelBundle.load(bundle);
        Path ensemble = tmp.resolve("ensemble");
        new org.ser4j.bundle.ModelEnsemble(List.of(member, member), "browser test pair",
                java.util.Map.of("validation_unweighted_accuracy", 0.4921875, "validation_n", 120.0)).save(ensemble);
        recognizer = EmotionRecognizer.load(ensemble);
        server = new EmotionServer(recognizer, ServerSettings.defaults().withAddress("127.0.0.1", 0)).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
            recognizer.close();
        }
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    private void open(String... extraFlags) throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--autoplay-policy=no-user-gesture-required", "--window-size=1280,1100",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile"));
        options.addArguments(extraFlags);
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.get(server.uri().toString());
    }

    private void screenshot(String name) throws IOException {
        Path dir = Path.of("target", "browser");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** A voice-like test signal: a gliding harmonic tone with syllable-rate amplitude modulation, about -20 dBFS. */
    static float[] voiceSignal(double seconds, int rate) {
        float[] x = new float[(int) (seconds * rate)];
        Random rng = new Random(11);
        double phase = 0;
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            double f0 = 160 + 40 * Math.sin(2 * Math.PI * 0.7 * t);
            phase += 2 * Math.PI * f0 / rate;
            double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3.1 * t);
            double v = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.25 * Math.sin(3 * phase) + 0.02 * rng.nextGaussian();
            x[i] = (float) (0.12 * env * v);
        }
        return x;
    }

    static Path voiceLikeWav(Path file, double seconds, int rate) throws IOException {
        Files.write(file, TestAudio.wav(voiceSignal(seconds, rate), rate));
        return file;
    }

    @Test
    void uploadingAFileShowsThePredictedEmotion() throws Exception {
        Path wav = voiceLikeWav(tmp.resolve("speech-like.wav"), 8, 44_100);
        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve("/api/predict"))
                .POST(HttpRequest.BodyPublishers.ofFile(wav)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode expected = new ObjectMapper().readTree(api.body());
        open();
        WebElement emotion = driver.findElement(By.id("result-emotion"));
        assertFalse(emotion.isDisplayed(), "no result before an upload");
        WebElement info = driver.findElement(By.id("model-info"));
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> info.getText().contains("classes"));
        assertTrue(info.getText().contains("validation unweighted accuracy 0.492"), info.getText());
        assertTrue(info.getText().contains("no test part"), info.getText());
        driver.findElement(By.id("file-input")).sendKeys(wav.toAbsolutePath().toString());
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> "1".equals(emotion.getDomAttribute("data-updates")));
        screenshot("upload");
        assertEquals(expected.get("emotion").asText(), emotion.getDomProperty("textContent"));
        assertTrue(driver.findElement(By.id("result-confidence")).getText().contains("windows"));
        assertTrue(driver.findElement(By.id("timeline")).isDisplayed(), "the 8 s file has a timeline");
        assertFalse(driver.findElement(By.id("error")).isDisplayed());
        assertEquals(0, expected.get("recording").get("warnings").size(), expected.toString());
        assertFalse(driver.findElement(By.id("result-warnings")).isDisplayed(), "no warning for a clean file");
        // what the recording check measured, as the API gave it
        JsonNode check = expected.get("recording");
        String heard = driver.findElement(By.id("result-heard")).getText();
        assertTrue(heard.startsWith("heard: speech level " + Math.round(check.get("speech_level_dbfs").asDouble()) + " dBFS"), heard);
        assertTrue(heard.contains("speech " + Math.round(100 * check.get("speech_share").asDouble()) + "% of the time"), heard);
        if (check.get("snr_db").isNumber()) {
            assertTrue(heard.contains("SNR " + Math.round(check.get("snr_db").asDouble()) + " dB"), heard);
        }

        // the same voice driven past full scale: the recording check's warning is shown under the verdict
        float[] hot = voiceSignal(4, 44_100);
        for (int i = 0; i < hot.length; i++) {
            hot[i] = Math.max(-1f, Math.min(1f, hot[i] * 20));
        }
        Path clipped = Files.write(tmp.resolve("clipped.wav"), TestAudio.wav(hot, 44_100));
        driver.findElement(By.id("file-input")).sendKeys(clipped.toAbsolutePath().toString());
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> "2".equals(emotion.getDomAttribute("data-updates")));
        WebElement warnings = driver.findElement(By.id("result-warnings"));
        screenshot("upload-clipped");
        assertTrue(warnings.isDisplayed(), "a clipped file is warned about");
        assertTrue(warnings.getText().startsWith("clipped: "), warnings.getText());
    }

    @Test
    void aVoiceNoteTheServerDoesNotReadIsDecodedByTheBrowserAndAnalysed() throws Exception {
        // the server runs without ffmpeg, so it answers an Ogg Opus upload with 415; the page decodes the
        // file itself (Chromium plays Opus) and sends it again as WAV
        Assumptions.assumeTrue(new ProcessBuilder("sh", "-c", "command -v ffmpeg").start().waitFor() == 0, "ffmpeg is not installed");
        Path wav = voiceLikeWav(tmp.resolve("note-source.wav"), 4, 48_000);
        Path opus = tmp.resolve("voice-note.opus");
        Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", wav.toString(), "-c:a", "libopus",
                opus.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, log);
        HttpResponse<String> direct = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve("/api/predict"))
                .POST(HttpRequest.BodyPublishers.ofFile(opus)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, direct.statusCode(), direct.body());
        open();
        WebElement emotion = driver.findElement(By.id("result-emotion"));
        driver.findElement(By.id("file-input")).sendKeys(opus.toAbsolutePath().toString());
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> "1".equals(emotion.getDomAttribute("data-updates"))
                || driver.findElement(By.id("error")).isDisplayed());
        assertFalse(driver.findElement(By.id("error")).isDisplayed(), driver.findElement(By.id("error")).getText());
        assertFalse(emotion.getDomProperty("textContent").isBlank());
        String detail = driver.findElement(By.id("result-confidence")).getText();
        assertTrue(detail.contains("4.0 s"), detail);
    }

    @Test
    void aCallWithOneSpeakerPerChannelGetsAVerdictForEachChannel() throws Exception {
        // two different "speakers": the voice-like signal on the left, the same an octave higher and
        // slower on the right
        float[] left = voiceSignal(4, 16_000);
        float[] right = new float[left.length];
        for (int i = 0; i < right.length; i++) {
            double t = i / 16_000.0;
            right[i] = (float) (0.1 * (0.5 + 0.5 * Math.sin(2 * Math.PI * 1.3 * t)) * Math.sin(2 * Math.PI * 330 * t));
        }
        Path call = Files.write(tmp.resolve("call.wav"), org.ser4j.audio.WavEncoder.encode(
                new org.ser4j.audio.AudioClip(new float[][] {left, right}, 16_000), org.ser4j.audio.WavFormat.PCM_16));
        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri().resolve("/api/predict?channels=each"))
                .POST(HttpRequest.BodyPublishers.ofFile(call)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode channels = new ObjectMapper().readTree(api.body()).get("channels");
        assertEquals(2, channels.size(), api.body());
        open();
        WebElement emotion = driver.findElement(By.id("result-emotion"));
        WebElement confidence = driver.findElement(By.id("result-confidence"));
        driver.findElement(By.id("each-channel")).click();
        driver.findElement(By.id("file-input")).sendKeys(call.toAbsolutePath().toString());
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> "1".equals(emotion.getDomAttribute("data-updates"))
                || driver.findElement(By.id("error")).isDisplayed());
        assertFalse(driver.findElement(By.id("error")).isDisplayed(), driver.findElement(By.id("error")).getText());
        List<WebElement> tabs = driver.findElements(By.cssSelector("#channel-tabs button"));
        assertEquals(2, tabs.size());
        for (int c = 0; c < 2; c++) {
            JsonNode expected = channels.get(c);
            String shown = String.format(java.util.Locale.ROOT, "%.1f%%", 100 * expected.get("confidence").asDouble());
            assertEquals("Channel " + (c + 1) + ": " + expected.get("emotion").asText() + " " + shown, tabs.get(c).getText());
            if (c == 1) {
                tabs.get(1).click();
                new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> "2".equals(emotion.getDomAttribute("data-updates")));
            }
            assertEquals("true", tabs.get(c).getDomAttribute("aria-selected"));
            assertEquals(expected.get("emotion").asText(), emotion.getDomProperty("textContent"));
            assertTrue(confidence.getText().startsWith("confidence " + shown), confidence.getText());
            assertEquals("call.wav · channel " + (c + 1), driver.findElement(By.id("result-source")).getText());
        }
        screenshot("upload-channels");
        assertTrue(!channels.get(0).get("probabilities").equals(channels.get(1).get("probabilities")),
                "the two channels were analysed apart: " + channels);

        // unticked, the same file gets one verdict and no tabs
        driver.findElement(By.id("each-channel")).click();
        driver.findElement(By.id("file-input")).sendKeys(call.toAbsolutePath().toString());
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> "3".equals(emotion.getDomAttribute("data-updates")));
        assertFalse(driver.findElement(By.id("channel-tabs")).isDisplayed());
        assertEquals("call.wav", driver.findElement(By.id("result-source")).getText());
    }

    @Test
    void aBadFileShowsTheServersReason() throws Exception {
        Path junk = tmp.resolve("notes.wav");
        Files.writeString(junk, "these are not samples");
        open();
        driver.findElement(By.id("file-input")).sendKeys(junk.toAbsolutePath().toString());
        WebElement error = driver.findElement(By.id("error"));
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> error.isDisplayed());
        assertTrue(error.getText().startsWith("notes.wav"), error.getText());
    }

    @Test
    void aFakeMicrophoneGivesLivePredictionsThatUpdate() throws Exception {
        Path wav = voiceLikeWav(tmp.resolve("microphone.wav"), 6, 48_000);
        open("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--use-file-for-fake-audio-capture=" + new File(wav.toString()).getAbsolutePath());
        driver.findElement(By.id("record-button")).click();
        WebElement live = driver.findElement(By.id("live-emotion"));
        // the first verdict after one window (3 s), then one per hop (1.5 s)
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> Integer.parseInt(live.getDomAttribute("data-updates")) >= 3);
        screenshot("live");
        String text = live.getText();
        assertTrue(EMOTIONS.stream().anyMatch(text::startsWith) || text.equals("silence") || text.equals("no speech"), text);
        assertTrue(driver.findElement(By.id("live-count")).getText().contains(" verdicts · "), driver.findElement(By.id("live-count")).getText());
        assertFalse(driver.findElement(By.id("error")).isDisplayed(), driver.findElement(By.id("error")).getText());
        driver.findElement(By.id("record-button")).click();
        assertEquals("Start recording", driver.findElement(By.id("record-label")).getText());
    }
}
