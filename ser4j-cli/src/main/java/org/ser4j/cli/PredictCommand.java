package org.ser4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.ser4j.audio.AudioDecoder;
import org.ser4j.audio.DecodeLimits;
import org.ser4j.data.Json;
import org.ser4j.predict.ChannelMode;
import org.ser4j.predict.EmotionRecognizer;
import org.ser4j.predict.FilePredictions;
import org.ser4j.predict.Prediction;
import org.ser4j.predict.PredictionJson;
import org.ser4j.predict.PredictionSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ser4j predict}: the emotion of recordings, as a table or JSON lines. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict the emotion of recordings (WAV, AIFF, FLAC, MP3, G.711 call recordings; with ffmpeg installed",
                "also M4A, Ogg Opus and Vorbis, WebM, AMR and the like; any rate, channel count and length).",
                "Recordings longer than the model's window are analysed in overlapping windows: the verdict is their mean,",
                "--json adds the timeline. Directories are walked for files with those formats' extensions:",
                ".wav .wave .flac .mp3 .aif .aiff .m4a .aac .3gp .amr .caf",
                ".ogg .oga .opus .webm .wma",
                "Recordings shorter than the window (even 10 ms) are zero-padded to one window; silent recordings are",
                "reported as (silence), recordings without speech (noise, music, hum; see --no-vad) as (no speech):",
                "neither is classified nor an error.",
                "A file that cannot be read is reported on stderr in one line naming it and the problem, and the others",
                "are still processed; exit code 1 if any failed."})
public final class PredictCommand implements Callable<Integer> {

    /** What a directory is searched for: the formats ser4j reads, and those it hands to ffmpeg. */
    static final List<String> AUDIO_EXTENSIONS = AudioDecoder.FILE_EXTENSIONS.stream().map(x -> "." + x).toList();
    /**
     * Decoded samples may take 1/4 of the heap; the rest is for the mono mix, resampling and features.
     * With the launcher's 8 GiB heap: 2 GiB, 3.1 h of 48 kHz mono. A recording within this that still
     * exhausts the heap (8 kHz resampled to 48 kHz takes 6 times its decoded size) is reported alone.
     */
    static final int HEAP_SHARE_FOR_SAMPLES = 4;
    /** More files than this show a progress bar on a terminal's stderr. */
    static final int PROGRESS_MIN_FILES = 20;
    /** Default --jobs at most: beyond it the one inference thread is the bottleneck on CPU. */
    static final int MAX_DEFAULT_JOBS = 8;
    private static final ObjectMapper JSON = Json.MAPPER;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOption model;

    @Mixin
    VoiceActivityOption voiceActivity;

    @Option(names = "--json", description = "One JSON object per file (file, emotion, confidence, probabilities, segments).")
    boolean json;

    @Option(names = "--window", paramLabel = "S", description = "Analysis window in seconds, 0.5 at least (default: the model's input length).")
    Double window;

    @Option(names = "--hop", paramLabel = "S", description = "Hop between windows in seconds, 0.1 at least (default: half the window).")
    Double hop;

    @Option(names = "--jobs", paramLabel = "N", description = "Recordings decoded and analysed at once, on N threads;"
            + " the forward passes share one inference thread and the output keeps the input order (default: the"
            + " number of processors, at most " + MAX_DEFAULT_JOBS + "; 1 for a single file).")
    Integer jobs;

    @Option(names = "--max-duration", paramLabel = "S",
            description = "Refuse recordings longer than S seconds before decoding them (default: no limit; the Java heap"
                    + " still bounds what one recording may decode to).")
    Double maxDuration;

    @Option(names = "--channels", paramLabel = "mix|each", description = {"mix: one verdict per recording, its channels"
            + " mixed (default). each: one verdict per channel, for calls recorded with each speaker on a channel of"
            + " their own; rows say 'FILE [channel N]', JSON lines carry \"channel\": N."})
    String channels = "mix";

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Recordings or directories.")
    List<Path> inputs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ChannelMode channelMode;
        try {
            channelMode = ChannelMode.parse(channels);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--channels " + e.getMessage());
        }
        boolean failed = false;
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                List<Path> found = walk(in, err);
                if (found == null) {
                    failed = true;
                } else if (found.isEmpty()) {
                    err.println(in + ": a directory with no audio files (" + String.join(", ", AUDIO_EXTENSIONS) + ")");
                    failed = true;
                }
                if (found != null) {
                    files.addAll(found);
                }
            } else {
                files.add(in);
            }
        }
        PredictionSettings settings;
        DecodeLimits limits;
        try {
            settings = voiceActivity.apply(PredictionSettings.of(window, hop));
            limits = decodeLimits(maxDuration);
        } catch (IllegalArgumentException e) {
            throw new UsageException(Messages.of(e), e);
        }
        int threads = jobs != null ? jobs : defaultJobs(files.size());
        if (threads < 1) {
            throw new UsageException("--jobs must be at least 1, got " + threads);
        }
        try (EmotionRecognizer recognizer = model.load(settings)) {
            boolean each = channelMode == ChannelMode.EACH;
            int width = Math.max(4, files.stream().mapToInt(f -> f.toString().length() + (each ? " [channel 10]".length() : 0))
                    .max().orElse(4));
            String row = "%-" + width + "s  %-9s  %5s  %s%n";
            if (!json && !files.isEmpty()) {
                out.printf(Locale.ROOT, row, "FILE", "EMOTION", "CONF", "TOP-3");
            }
            ProgressBar bar = files.size() > PROGRESS_MIN_FILES && TrainingProgress.terminalOrNull() != null
                    ? new ProgressBarBuilder().setTaskName("predict").setInitialMax(files.size())
                            .setConsumer(new ConsoleProgressBarConsumer(TrainingProgress.terminalOrNull()))
                            .setUnit(" files", 1).showSpeed().setSpeedUnit(ChronoUnit.SECONDS).build()
                    : null;
            try (FilePredictions work = new FilePredictions(recognizer, files, settings, limits, threads, each)) {
                while (work.hasNext()) {
                    FilePredictions.Result r = work.next();
                    Path f = r.file();
                    if (r.prediction() != null) {
                        Prediction p = r.prediction();
                        if (json) {
                            ObjectNode o = JSON.createObjectNode();
                            o.put("file", f.toString());
                            if (r.channel() > 0) {
                                o.put("channel", r.channel());
                            }
                            o.setAll(PredictionJson.toJson(p));
                            out.println(Json.LINE.writeValueAsString(o));
                        } else {
                            out.printf(Locale.ROOT, row, r.channel() > 0 ? f + " [channel " + r.channel() + "]" : f.toString(), verdict(p),
                                    p.speech() ? String.format(Locale.ROOT, "%.2f", p.confidence()) : "-", top3(p) + notes(p.warnings()));
                        }
                        out.flush();
                    } else if (r.error() instanceof OutOfMemoryError) {
                        // last resort: the recording fits the limits but not what is left of the heap, even alone
                        err.println(f + ": too large to analyse in the memory left (" + (Runtime.getRuntime().maxMemory() >> 20)
                                + " MiB heap); give Java more with SER4J_JAVA_OPTS=-Xmx... or cut the recording");
                        err.flush();
                        failed = true;
                    } else {
                        err.println(reason(f, r.error()));
                        err.flush();
                        failed = true;
                    }
                    if (bar != null && r.channel() <= 1) {
                        bar.step(); // once per file
                    }
                }
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
        return failed ? ExitCodes.FAILED : ExitCodes.OK;
    }

    /**
     * The decoder limits: {@code maxSeconds} if given, and decoded samples of one recording in at most
     * {@link #HEAP_SHARE_FOR_SAMPLES} of the heap (downmixing, resampling and features need the rest).
     */
    static DecodeLimits decodeLimits(Double maxSeconds) {
        DecodeLimits memory = DecodeLimits.NONE.withMaxBytes(Runtime.getRuntime().maxMemory() / HEAP_SHARE_FOR_SAMPLES);
        if (maxSeconds == null) {
            return memory;
        }
        if (!(maxSeconds > 0) || maxSeconds.isInfinite()) {
            throw new IllegalArgumentException("--max-duration must be a positive number of seconds, got " + maxSeconds);
        }
        return memory.withMaxSeconds(maxSeconds);
    }

    /** Worker threads by default: one per processor (at most {@link #MAX_DEFAULT_JOBS}), one for one file. */
    static int defaultJobs(int files) {
        return Math.max(1, Math.min(files, Math.min(MAX_DEFAULT_JOBS, Runtime.getRuntime().availableProcessors())));
    }

    /** The emotion, or why there is none: {@code (silence)} or {@code (no speech)}. */
    static String verdict(Prediction p) {
        return switch (p.activity()) {
            case SPEECH -> p.top();
            case SILENT -> "(silence)";
            case NO_SPEECH -> "(no speech)";
        };
    }

    /** The recording check's warnings after a table row or a live line, {@code "  [w1; w2]"}, or nothing. */
    static String notes(List<String> warnings) {
        return warnings.isEmpty() ? "" : "  [" + String.join("; ", warnings) + "]";
    }

    private static String top3(Prediction p) {
        if (!p.speech()) {
            return "-";
        }
        List<String> parts = new ArrayList<>();
        for (String label : p.ranking(3)) {
            parts.add(String.format(Locale.ROOT, "%s %.2f", label, p.probability(label)));
        }
        String s = String.join(", ", parts);
        return p.segments().size() > 1 ? s + "  (" + p.segments().size() + " windows)" : s;
    }

    /** One line naming the file and the problem ({@link FilePredictions#failureLine}). */
    static String reason(Path f, Throwable e) {
        return FilePredictions.failureLine(f.toString(), f.getFileName() == null ? null : f.getFileName().toString(), e);
    }

    /** Audio files under {@code dir}, sorted; null (after reporting) when the walk fails. */
    private static List<Path> walk(Path dir, PrintWriter err) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> AUDIO_EXTENSIONS.stream().anyMatch(x -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(x)))
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            err.println(dir + ": cannot list the directory: " + Messages.of(e));
            return null;
        }
    }
}
