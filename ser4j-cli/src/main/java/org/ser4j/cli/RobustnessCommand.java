package org.ser4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ser4j.augment.condition.ConditionChain;
import org.ser4j.augment.condition.ConditionPools;
import org.ser4j.augment.condition.ConditionSources;
import org.ser4j.augment.condition.RobustnessGrid;
import org.ser4j.bundle.ModelEnsemble;
import org.ser4j.data.AtomicFiles;
import org.ser4j.data.Corpora;
import org.ser4j.data.Json;
import org.ser4j.data.Utterance;
import org.ser4j.eval.CheckSummary;
import org.ser4j.eval.Evaluation;
import org.ser4j.eval.Evaluator;
import org.ser4j.eval.Robustness;
import org.ser4j.predict.CorpusScorer;
import org.ser4j.report.ReportPage;
import org.ser4j.vad.RecordingCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ser4j robustness}: scores a model on the same clips under a grid of recording conditions
 * (noise kinds at 0-30 dB SNR, rooms, telephone, MP3 bit rates, level) and writes
 * {@code robustness.json}, a chart of UA against SNR and {@code report.html}.
 */
@Command(
        name = "robustness",
        header = "Scores a model on the same clips under a grid of recording conditions.",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Scores a model on the same clips under a grid of recording conditions:",
            "clean; every noise kind of the pool part at 0, 10, 20 and 30 dB SNR",
            "(babble from the model's training speakers); every room; telephone band;",
            "MP3 at 16, 32, 64 kbit/s; 30 and 40 dB quieter. Writes OUT/robustness.json,",
            "OUT/robustness-snr.png and OUT/report.html.",
            "Example:",
            "  ser4j robustness --model models/default --data DIR --split test --out rob",
            ""
        })
public final class RobustnessCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = Json.MAPPER;
    /** The JSON file written. */
    public static final String ROBUSTNESS_JSON = "robustness.json";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ScoringOptions scoring;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Mixin
    FeatureCacheOption cacheOption;

    @Mixin
    ConditionDataOption conditionData;

    @Override
    public Integer call() throws IOException {
        try {
            return run();
        } finally {
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().flush();
        }
    }

    private int run() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ModelEnsemble ensemble = EvaluateCommand.loadAll(scoring.models);
        Corpora.Loaded loaded = DataSources.load(scoring.data, DataSources.mappingFor(scoring.labels, ensemble), err, "robustness");
        Set<String> wanted = EvaluateCommand.wanted(scoring, loaded);
        List<Utterance> clips = EvaluateCommand.select(loaded, wanted, scoring.splitPart, ensemble, scoring.models.get(0),
                err, "ser4j robustness: ");
        EvaluateCommand.warnIfTrainedOn(ensemble, clips, err);
        ConditionPools.Role role = EvaluateCommand.poolRole(scoring.pool, scoring.splitPart);
        ConditionSources sources = conditionData.sources(role)
                .withBabble(EvaluateCommand.babble(ensemble, loaded.utterances(), clips));
        List<RobustnessGrid.Point> grid = RobustnessGrid.of(sources, ConditionPools.generatedKinds(role));
        List<Robustness.Row> rows = new ArrayList<>();
        Map<Path, float[]> decoded = new java.util.concurrent.ConcurrentHashMap<>(); // each clip decoded once
        int failed = 0;
        for (RobustnessGrid.Point point : grid) {
            ConditionChain chain = ConditionChain.parse(point.spec(), sources);
            Map<Utterance, RecordingCheck> checks = new java.util.concurrent.ConcurrentHashMap<>();
            CorpusScorer.Scored scored = EvaluateCommand.score(ensemble, clips,
                    CorpusScorer.degraded(ensemble, chain, scoring.conditionSeed, decoded, checks), err, "ser4j robustness: ");
            failed = Math.max(failed, scored.failed());
            Evaluation e = Evaluator.evaluate(scored.labels(), scored.clips(), scored.probabilities());
            CheckSummary check = CorpusScorer.checkSummary(scored, checks);
            rows.add(Robustness.Row.of(point.group(), point.label(), point.severity(), point.spec(), e, check));
            stdout.printf(Locale.ROOT, "%-42s n %d  accuracy %.4f  UA %.4f  macro F1 %.4f  warned %d%n", point.spec(), e.n(),
                    e.accuracy(), e.unweightedAccuracy(), e.macroF1(), check.warned());
            stdout.flush();
        }
        Robustness robustness = new Robustness(rows);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("model", scoring.models.stream().map(m -> m.toAbsolutePath().normalize().toString())
                .collect(java.util.stream.Collectors.joining(", ")) + " (" + ensemble.architectures() + ")");
        details.put("data", String.join(", ", loaded.specs()));
        details.put("clips", clips.size() + (wanted.isEmpty() ? "" : ", speakers " + wanted)
                + (scoring.splitPart == null ? "" : ", " + scoring.splitPart + " part of the model's split"));
        details.put("pools", role.name().toLowerCase(Locale.ROOT) + " part: noise kinds " + sources.noise().kinds()
                + ", rooms " + sources.rooms().kinds() + ", babble of " + sources.babble().kinds().size()
                + " training speakers");
        details.put("condition seed", Long.toString(scoring.conditionSeed));
        Files.createDirectories(out);
        byte[] json = JSON.writeValueAsBytes(robustness.toJson(details));
        AtomicFiles.writeFile(out.resolve(ROBUSTNESS_JSON), o -> o.write(json));
        Path report = ReportPage.writeRobustness("ser4j robustness: " + ensemble.architectures(), details, robustness, out);
        stdout.printf(Locale.ROOT, "clean UA %.4f, mean UA over %d degraded conditions %.4f -> %s%n", robustness.cleanUa(),
                rows.size() - 1, robustness.meanDegradedUa(), out.resolve(ROBUSTNESS_JSON));
        stdout.println("report: " + report);
        if (failed > 0) {
            err.println("ser4j robustness: " + failed + " clip(s) could not be read and were left out");
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
