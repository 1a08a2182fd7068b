package org.ser4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.predict.PredictionSettings;
import org.ser4j.server.EmotionServer;
import org.ser4j.server.ServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ser4j serve}: the HTTP API, the live-stream WebSocket and the web page. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the web server: open the printed address to drop a recording or speak into the microphone.",
                "API: POST /api/predict (audio as body or multipart field 'audio'), GET /api/health, GET /api/model,",
                "WebSocket /api/stream. Listens on 127.0.0.1 only unless --host says otherwise."})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    VoiceActivityOption voiceActivity;

    @Option(names = "--host", description = "Address to bind (default: ${DEFAULT-VALUE}; 0.0.0.0 exposes the server to the network).")
    String host = ServerSettings.DEFAULT_HOST;

    @Option(names = "--port", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port = ServerSettings.DEFAULT_PORT;

    @Option(names = "--max-upload-mb", paramLabel = "MB", description = "Largest upload accepted (default: ${DEFAULT-VALUE}).")
    double maxUploadMb = ServerSettings.DEFAULT_MAX_UPLOAD_BYTES / 1048576.0;

    @Option(names = "--max-duration", paramLabel = "S", description = "Longest recording accepted, in seconds (default: ${DEFAULT-VALUE}).")
    double maxDuration = ServerSettings.DEFAULT_MAX_DURATION_SECONDS;

    @Option(names = "--max-per-address", paramLabel = "N", description = {"Uploads and live streams one client address may have"
            + " at once, N of each, and 4N open connections; one upload more gets 429, one stream or connection more is closed."
            + " It may also send 4N requests a second after a burst of 16N; one more gets 429 and its connection is closed"
            + " (default: ${DEFAULT-VALUE}; 0: no per-address limit).",
            "Behind a reverse proxy every client has the proxy's address: raise it there, or set 0 and let the proxy limit clients."})
    int maxPerAddress = ServerSettings.DEFAULT_MAX_PER_ADDRESS;

    @Option(names = "--ffmpeg", description = {"Decode uploads in formats ser4j does not read itself (M4A, Ogg Opus or"
            + " Vorbis, WebM, AMR, ...) with the installed ffmpeg. Off by default: ffmpeg would parse whatever is uploaded."})
    boolean ffmpeg;

    /** For tests and scripts: stop after this many seconds instead of at Ctrl-C. */
    @Option(names = "--run-seconds", hidden = true)
    Double runSeconds;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServerSettings settings;
        try {
            settings = ServerSettings.defaults().withAddress(host, port)
                    .withLimits((long) (maxUploadMb * 1048576), maxDuration, ServerSettings.DEFAULT_MAX_STREAM_SECONDS)
                    .withMaxPerAddress(maxPerAddress)
                    .withFfmpeg(ffmpeg);
        } catch (IllegalArgumentException e) {
            throw new UsageException(Messages.of(e), e);
        }
        EmotionRecognizer recognizer = model.load(voiceActivity.apply(PredictionSettings.DEFAULT));
        EmotionServer server = new EmotionServer(recognizer, settings);
        try {
            server.start();
        } catch (RuntimeException e) {
            recognizer.close();
            Throwable t = e;
            while (t != null && !(t instanceof BindException)) {
                t = t.getCause();
            }
            err.println("ser4j serve: cannot listen on " + host + ":" + port + ": "
                    + (t != null ? t.getMessage() + " (is another server using the port? choose one with --port)" : e.getMessage()));
            return ExitCodes.FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            server.close();
            recognizer.close();
            stopped.countDown();
        }, "ser4j-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("ser4j: serving " + model.resolve() + " at " + server.uri() + "  (Ctrl-C stops)");
        out.flush();
        if (runSeconds == null) {
            stopped.await();
        } else {
            stopped.await((long) (runSeconds * 1000), TimeUnit.MILLISECONDS);
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
        }
        return ExitCodes.OK;
    }
}
