package org.ser4j.train;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.ser4j.augment.Mixup;
import org.ser4j.augment.SpecAugment;
import org.ser4j.bundle.ModelBundle;
import org.ser4j.data.AtomicFiles;
import org.ser4j.eval.EpochRecord;
import org.ser4j.eval.TrainingHistory;
import org.ser4j.model.Architecture;

/**
 * SEC-PyTorch's training loop (SPEC.md, "Training and evaluation"): cross-entropy on logits, the chosen
 * optimizer, a new random order of the training samples every epoch, floor(N / batch) batches per
 * epoch (the last partial batch is dropped), validation loss and accuracy after every epoch.
 *
 * <p>After every epoch the run directory gets, atomically: the model bundle when the validation
 * loss is the lowest so far ({@code model/}; with {@code --ema}, the averaged weights), and the resume
 * state ({@code last/}: weights, optimizer state, weight average, counters, history). Every random
 * choice of epoch {@code e} (data order, dropout) comes from generators seeded with {@code (seed, e)},
 * so a run resumed after epoch {@code e} continues exactly as the uninterrupted run would have (on CPU).
 *
 * <p>With a teacher ({@link TrainingConfig.Distillation}), the loss also holds the cross-entropy
 * against the {@link Teacher}'s softened probabilities for the same crops ({@link #distillationLoss});
 * the training loss in the history is then that mixed loss, the validation loss still the labels'.
 *
 * <p>Each training step runs in its own sub-{@link NDManager}, so its native memory is freed at once.
 */
public final class Trainer {



    private final TrainingConfig config;
    private final List<TrainingListener> listeners;
    private final RunDirectory run;

    /** A trainer for {@code config}; {@link DivergenceCheck} is always added to {@code listeners}. */
    public Trainer(TrainingConfig config, List<TrainingListener> listeners) {
        this.config = config;
        List<TrainingListener> all = new ArrayList<>(listeners);
        all.add(new DivergenceCheck());
        this.listeners = List.copyOf(all);
        this.run = RunDirectory.of(config.runDir());
    }

    /**
     * Trains a new run into an empty or new run directory.
     *
     * @throws IOException if the directory already holds a run ({@code --resume} it or choose another), is
     *     not writable, or a checkpoint cannot be written
     */
    public TrainingResult train(TrainingData data) throws IOException {
        if (run.hasRun()) {
            throw new IOException(run.dir() + ": already holds a training run (" + RunDirectory.CONFIG
                    + "); continue it with --resume " + run.dir() + " or choose another --out");
        }
        return fit(data, false);
    }

    /**
     * Continues the run in the run directory after its last finished epoch, with the same data order
     * and random draws as an uninterrupted run. With no finished epoch it starts at epoch 1.
     */
    public TrainingResult resume(TrainingData data) throws IOException {
        if (!run.hasRun()) {
            throw new IOException(run.dir() + ": no training run to resume (" + RunDirectory.CONFIG + " missing)");
        }
        return fit(data, true);
    }

    private TrainingResult fit(TrainingData data, boolean resume) throws IOException {
        Architecture arch = config.architecture();
        Shape sampleShape = data.train().sampleShape();
        Shape expected = arch.inputShape(1).slice(1);
        if (!sampleShape.equals(expected)) {
            throw new IllegalArgumentException("samples of shape " + sampleShape + " do not fit " + arch.id()
                    + ", which takes " + expected);
        }
        if (data.validation().size() == 0) {
            throw new IllegalArgumentException("the validation set is empty; the run needs it to keep the best epoch");
        }
        TrainingConfig.Optimisation fitting = config.optimisation();
        TrainingConfig.Regularisation regularisation = config.regularisation();
        TrainingConfig.Stopping stopping = config.stopping();
        int batch = fitting.batchSize();
        int batches = data.train().size() / batch;
        if (batches == 0) {
            throw new IllegalArgumentException("the training set has " + data.train().size()
                    + " samples, fewer than one batch of " + batch + "; lower --batch");
        }
        if (stopping.limitBatches() > 0) {
            batches = Math.min(batches, stopping.limitBatches());
        }
        Engine engine = Engine.getInstance();
        if (fitting.teacher() != null && data.crops() == null) {
            throw new IllegalArgumentException("a teacher needs the training clips' random crops; this run's data has none");
        }
        try (NDManager manager = NDManager.newBaseManager();
                StatefulOptimizer optimizer = new StatefulOptimizer(config, manager);
                Teacher teacher = fitting.teacher() == null ? null
                        : Teacher.load(fitting.teacher(), config.preset(), data.labels(), data.split())) {
            engine.setRandomSeed(RandomStreams.seedFor(config.seed(), RandomStreams.Stream.INIT, 0));
            Block block = arch.build(data.labels().size());
            block.initialize(manager, DataType.FLOAT32, new Shape(batch).addAll(sampleShape));
            long parameterCount = parameterCount(block);
            // parameter-sized state beside the weights: the optimizer's moments and the weight average
            run.checkWritable(parameterCount, (fitting.optimizer() == OptimizerKind.ADAMW ? 2 : 1)
                    + (fitting.ema() > 0 ? 1 : 0));

            List<Pair<String, Parameter>> parameters = block.getParameters().stream().toList();
            if (!(resume && run.hasCheckpoint()) && fitting.init() != null) {
                startFrom(fitting.init(), block, data.labels(), manager);
            }
            Set<String> frozen = fitting.freezeEpochs() > 0 ? bodyOf(parameters, data.labels().size()) : Set.of();
            WeightAverage average = fitting.ema() > 0 ? new WeightAverage(fitting.ema(), parameters, manager) : null;
            TrainingState state = TrainingState.START;
            List<EpochRecord> history = new ArrayList<>();
            if (resume && run.hasCheckpoint()) {
                state = restore(block, optimizer, average, manager, history);
            } else {
                AtomicFiles.writeFile(run.scaler(), data.scaler()::write);
            }
            run.writeConfig(config); // a resumed run may have a new epoch count or patience
            ParameterStore store = new ParameterStore(manager, false);
            Loss loss = Loss.softmaxCrossEntropyLoss();
            java.nio.ByteBuffer buffer = BatchPredictor.batchBuffer(batch, sampleShape);
            TrainingListener.RunStart start = new TrainingListener.RunStart(config, state.epochsDone() + 1,
                    data.train().size(), data.validation().size(), batches, parameterCount);
            listeners.forEach(l -> l.onRunStart(start));

            SpecAugment masking = regularisation.specAugment() ? SpecAugment.forImage(
                    (int) sampleShape.get(sampleShape.dimension() - 2), (int) sampleShape.tail()) : null;
            Mixup mixup = regularisation.mixup() > 0 ? new Mixup(regularisation.mixup()) : null;
            float[] sampleWeights = regularisation.balanceCorpora()
                    ? corpusWeights(data, regularisation.balanceClasses()) : null;
            TrainingConfig.Distillation distil = fitting.distillation();
            float[] classWeights = regularisation.balanceClasses() && sampleWeights == null
                    ? classWeights(data.train().labels(), data.labels().size()) : null;
            for (int epoch = state.epochsDone() + 1; epoch <= stopping.epochs() && !state.stoppedEarly(); epoch++) {
                long t0 = System.nanoTime();
                engine.setRandomSeed(RandomStreams.seedFor(config.seed(), RandomStreams.Stream.DROPOUT, epoch));
                optimizer.scaleLearningRate(fitting.schedule().factor(epoch, stopping.epochs()));
                int[] order = permutation(data.train().size(), new Random(RandomStreams.seedFor(config.seed(), RandomStreams.Stream.ORDER, epoch)));
                Random masks = new Random(RandomStreams.seedFor(config.seed(), RandomStreams.Stream.MASK, epoch));
                Random mixing = new Random(RandomStreams.seedFor(config.seed(), RandomStreams.Stream.MIXUP, epoch));
                Random cropping = new Random(RandomStreams.seedFor(config.seed(), RandomStreams.Stream.CROP, epoch));
                int e = epoch;
                int nb = batches;
                listeners.forEach(l -> l.onEpochStart(e, nb));
                double lossSum = 0;
                long correct = 0;
                int seen = 0;
                for (int b = 0; b < batches; b++) {
                    float batchLoss;
                    long batchCorrect;
                    try (NDManager step = manager.newSubManager()) {
                        double[][][] power = teacher == null ? null : new double[batch][][];
                        Batch input = trainingBatch(step, data, order, b * batch, batch, buffer,
                                masking, masks, mixup, mixing, cropping, power);
                        NDArray taught = teacher == null ? null
                                : softened(step.create(teacher.probabilities(power, step)), distil.temperature());
                        NDArray y = input.labels();
                        NDArray w = sampleWeights == null ? null : step.create(gather(sampleWeights, order, b * batch, batch));
                        try (GradientCollector collector = engine.newGradientCollector()) {
                            NDArray logits = block.forward(store, new NDList(input.x()), true).singletonOrThrow();
                            NDArray l = w != null ? weightedCrossEntropy(logits, y, w) : crossEntropy(loss, logits, y, classWeights);
                            if (input.partnerLabels() != null) {
                                // cross-entropy is linear in the target, so this is the loss of the mixed target
                                // (with corpus weights, each mixed sample keeps its own clip's weight)
                                NDArray partner = w != null ? weightedCrossEntropy(logits, input.partnerLabels(), w)
                                        : crossEntropy(loss, logits, input.partnerLabels(), classWeights);
                                l = l.mul(input.weight()).add(partner.mul(1 - input.weight()));
                            }
                            if (taught != null) {
                                l = l.mul((float) (1 - distil.weight())).add(
                                        distillationLoss(logits, taught, distil.temperature()).mul((float) distil.weight()));
                            }
                            collector.backward(l);
                            batchLoss = l.getFloat();
                            batchCorrect = logits.argMax(1).eq(y).sum().getLong();
                        }
                        optimizer.step(parameters, epoch <= fitting.freezeEpochs() ? frozen : Set.of());
                        if (average != null) {
                            average.update(parameters);
                        }
                    }
                    lossSum += batchLoss;
                    correct += batchCorrect;
                    seen += batch;
                    TrainingListener.BatchEnd end = new TrainingListener.BatchEnd(epoch, b + 1, batches, seen,
                            batchLoss, lossSum / (b + 1), (double) correct / seen, (System.nanoTime() - t0) / 1e9);
                    listeners.forEach(l -> l.onBatchEnd(end));
                }
                listeners.forEach(l -> l.onValidation(e));
                if (average != null) {
                    average.swapIn(parameters); // validated and kept: the averaged weights
                }
                double[] validation = lossAndAccuracy(block, manager, data.validation());
                EpochRecord record = new EpochRecord(epoch, lossSum / batches, (double) correct / seen,
                        validation[0], validation[1], (System.nanoTime() - t0) / 1e9);
                history.add(record);
                boolean improved = record.validationLoss() < state.bestValidationLoss();
                int without = improved ? 0 : state.epochsWithoutImprovement() + 1;
                boolean stop = stopping.patience() > 0 && without >= stopping.patience() && epoch < stopping.epochs();
                state = new TrainingState(epoch, improved ? epoch : state.bestEpoch(),
                        improved ? record.validationLoss() : state.bestValidationLoss(), without, stop);
                try {
                    try {
                        if (improved) {
                            bundle(block, data, record).save(run.model());
                        }
                    } finally {
                        if (average != null) {
                            average.swapOut(parameters); // trained on: the optimizer's weights
                        }
                    }
                    checkpoint(block, optimizer, average, state, history);
                } catch (IOException ex) {
                    throw new IOException(run.dir() + ": cannot write the checkpoint of epoch " + epoch + " (" + ex
                            + "); the previous checkpoint is intact: fix the cause (e.g. free disk space) and continue"
                            + " with --resume " + run.dir(), ex);
                }
                TrainingState s = state;
                listeners.forEach(l -> l.onEpochEnd(record, improved));
                listeners.forEach(l -> l.onCheckpoint(e, run.dir()));
                if (stop) {
                    listeners.forEach(l -> l.onEarlyStop(e, s.bestEpoch()));
                }
            }

            List<float[]> test = testProbabilities(manager, data);
            TrainingResult result = new TrainingResult(new TrainingHistory(List.copyOf(history)), state.bestEpoch(),
                    state.bestValidationLoss(), state.stoppedEarly(), run.model(), test);
            listeners.forEach(l -> l.onRunEnd(result));
            return result;
        }
    }

    private ModelBundle bundle(Block block, TrainingData data, EpochRecord record) throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("epoch", (double) record.epoch());
        metrics.put("train_loss", record.trainLoss());
        metrics.put("train_accuracy", record.trainAccuracy());
        metrics.put("validation_loss", record.validationLoss());
        metrics.put("validation_accuracy", record.validationAccuracy());
        Map<String, Long> seeds = new LinkedHashMap<>();
        seeds.put("seed", config.seed());
        seeds.put("split", data.split() == null ? config.seed() : data.split().seed());
        Map<String, Object> training = new LinkedHashMap<>(config.toJson());
        training.remove("run_dir");
        training.put("train_samples", data.train().size());
        return ModelBundle.create(config.architecture(), config.preset(), data.scaler(), data.labels(),
                block, new ModelBundle.Provenance(data.split(), seeds, training, data.dataset(), metrics));
    }

    private void checkpoint(Block block, StatefulOptimizer optimizer, WeightAverage average, TrainingState state,
            List<EpochRecord> history) throws IOException {
        TrainingHistory h = new TrainingHistory(List.copyOf(history));
        byte[] historyJson = h.toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFiles.writeDirectory(run.dir().resolve(RunDirectory.LAST), dir -> {
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(RunDirectory.WEIGHTS)))) {
                block.saveParameters(out);
            }
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(RunDirectory.OPTIMIZER)))) {
                optimizer.save(out);
            }
            if (average != null) {
                try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(dir.resolve(RunDirectory.AVERAGE)))) {
                    average.save(out);
                }
            }
            Files.write(dir.resolve(RunDirectory.STATE), ModelBundle.json().writeValueAsBytes(state));
            Files.write(dir.resolve(RunDirectory.HISTORY), historyJson);
        });
        AtomicFiles.writeFile(run.history(), out -> out.write(historyJson));
    }

    /**
     * Fine-tuning: copies the weights of the bundle at {@code init} into {@code block}. With the same
     * label list every weight is copied; otherwise the output layer (the last parameters, whose first
     * dimension is the class count) keeps its fresh initialisation.
     *
     * @throws IOException when the bundle cannot be read, or is an ensemble
     * @throws IllegalArgumentException when its architecture or preset differs from the run's
     */
    private void startFrom(Path init, Block block, List<String> labels, NDManager manager) throws IOException {
        if (Files.isRegularFile(init.resolve("ensemble.json"))) {
            throw new IOException(init + ": an ensemble cannot be fine-tuned as one model; give one member, e.g. "
                    + init.resolve("member-1"));
        }
        ModelBundle start = ModelBundle.load(init);
        if (start.architecture() != config.architecture()) {
            throw new IllegalArgumentException("--init " + init + " is a " + start.architecture().id()
                    + " model; the run trains " + config.architecture().id() + " (use the same architecture)");
        }
        if (!start.preset().name().equals(config.preset().name())) {
            throw new IllegalArgumentException("--init " + init + " uses feature preset " + start.preset().name()
                    + "; the run uses " + config.preset().name() + " (use the same preset)");
        }
        boolean sameLabels = start.labels().equals(labels);
        Set<String> head = sameLabels ? Set.of() : headOf(block.getParameters().stream().toList(), labels.size());
        Block source = config.architecture().build(start.labels().size());
        try (NDManager m = manager.newSubManager()) {
            start.loadWeights(source, m);
            List<Pair<String, Parameter>> from = source.getParameters().stream().toList();
            List<Pair<String, Parameter>> to = block.getParameters().stream().toList();
            for (int i = 0; i < to.size(); i++) {
                if (head.contains(to.get(i).getKey())) {
                    continue;
                }
                NDArray src = from.get(i).getValue().getArray();
                NDArray dst = to.get(i).getValue().getArray();
                if (!src.getShape().equals(dst.getShape())) {
                    throw new IllegalArgumentException("--init " + init + ": parameter " + to.get(i).getKey() + " has shape "
                            + src.getShape() + ", the run's " + dst.getShape());
                }
                dst.muli(0f).addi(src); // in place, as WeightAverage does: the tensor stays the parameter's
            }
        }
    }

    /** The output layer's parameter names: the trailing parameters whose first dimension is the class count. */
    static Set<String> headOf(List<Pair<String, Parameter>> parameters, int classes) {
        Set<String> head = new java.util.HashSet<>();
        for (int i = parameters.size() - 1; i >= 0; i--) {
            Shape shape = parameters.get(i).getValue().getArray().getShape();
            if (shape.dimension() == 0 || shape.get(0) != classes) {
                break;
            }
            head.add(parameters.get(i).getKey());
        }
        if (head.isEmpty()) {
            throw new IllegalStateException("the model's last parameter is not its output layer");
        }
        return head;
    }

    /** Every parameter but the output layer's: what {@code freezeEpochs} holds still. */
    static Set<String> bodyOf(List<Pair<String, Parameter>> parameters, int classes) {
        Set<String> head = headOf(parameters, classes);
        Set<String> body = new java.util.HashSet<>();
        parameters.forEach(p -> {
            if (!head.contains(p.getKey())) {
                body.add(p.getKey());
            }
        });
        return body;
    }

    private TrainingState restore(Block block, StatefulOptimizer optimizer, WeightAverage average, NDManager manager,
            List<EpochRecord> history) throws IOException {
        Path last = run.last();
        Path weights = last.resolve(RunDirectory.WEIGHTS);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(weights)))) {
            block.loadParameters(manager, in);
        } catch (MalformedModelException | IOException | RuntimeException e) {
            throw new IOException(weights + ": cannot load the resume weights into " + config.architecture().id()
                    + ": " + (e instanceof java.io.EOFException ? "the file ends early (truncated)"
                            : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                p.getValue().getArray().setRequiresGradient(true);
            }
        }
        Path opt = last.resolve(RunDirectory.OPTIMIZER);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(opt)))) {
            optimizer.load(in, opt.toString());
        } catch (java.io.EOFException e) {
            throw new IOException(opt + ": the optimizer state ends early (truncated)", e);
        }
        if (average != null) {
            Path avg = last.resolve(RunDirectory.AVERAGE);
            if (!Files.exists(avg)) {
                throw new IOException(avg + ": missing; this run averages its weights (ema " + config.optimisation().ema()
                        + ") but its resume state has no average");
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(avg)))) {
                average.load(in, avg.toString());
            }
        }
        TrainingState state = run.readState();
        TrainingHistory h = TrainingHistory.load(last.resolve(RunDirectory.HISTORY));
        history.addAll(h.epochs());
        if (history.size() != state.epochsDone()) {
            throw new IOException(last + ": history has " + history.size() + " epochs, state says "
                    + state.epochsDone());
        }
        return state;
    }

    private List<float[]> testProbabilities(NDManager manager, TrainingData data) throws IOException {
        if (data.test().size() == 0 || !Files.exists(AtomicFiles.existingVersionOf(run.model()))) {
            return List.of();
        }
        ModelBundle best = ModelBundle.load(run.model());
        try (NDManager m = manager.newSubManager()) {
            Block block = config.architecture().build(data.labels().size());
            best.loadWeights(block, m);
            float[][] logp = BatchPredictor.logProbabilities(block, m, data.test().rows(), data.test().sampleShape());
            List<float[]> out = new ArrayList<>(logp.length);
            for (float[] row : logp) {
                float[] p = new float[row.length];
                for (int i = 0; i < row.length; i++) {
                    p[i] = (float) Math.exp(row[i]);
                }
                out.add(p);
            }
            return out;
        }
    }

    /** Mean cross-entropy and accuracy of the block (inference mode) on {@code samples}. */
    static double[] lossAndAccuracy(Block block, NDManager manager, LabelledSamples samples) {
        float[][] logp = BatchPredictor.logProbabilities(block, manager, samples.rows(), samples.sampleShape());
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < logp.length; i++) {
            int y = samples.labels()[i];
            loss -= logp[i][y];
            int arg = 0;
            for (int c = 1; c < logp[i].length; c++) {
                if (logp[i][c] > logp[i][arg]) {
                    arg = c;
                }
            }
            if (arg == y) {
                correct++;
            }
        }
        return new double[] {loss / logp.length, (double) correct / logp.length};
    }

    /**
     * One training batch: inputs {@code [n, sample...]}, labels {@code [n]}; with mixup also the
     * partners' labels and the weight of the rows' own labels.
     */
    private record Batch(NDArray x, NDArray labels, NDArray partnerLabels, float weight) {}

    /**
     * Rows {@code order[start..start+n)} of the training samples as a batch: cut at random places
     * (random crops), mixed (mixup) and then masked (SpecAugment) when those are on, each drawing
     * from its own per-epoch generator; the stored rows stay clean.
     */
    private static Batch trainingBatch(NDManager step, TrainingData data, int[] order, int start, int n,
            java.nio.ByteBuffer buffer, SpecAugment masking, Random masks, Mixup mixup, Random mixing,
            Random cropping, double[][][] power) {
        LabelledSamples train = data.train();
        Shape shape = train.sampleShape();
        long[] labels = labels(train.labels(), order, start, n);
        if (masking == null && mixup == null && data.crops() == null) {
            NDArray x = BatchPredictor.batch(step, train.rows(), order, start, n, shape, buffer);
            return new Batch(x, step.create(labels), null, 1f);
        }
        float[][] rows = data.crops() != null ? data.crops().rows(order, start, n, cropping, power)
                : copies(train.rows(), order, start, n);
        NDArray partnerLabels = null;
        float weight = 1f;
        if (mixup != null) {
            weight = (float) mixup.drawWeight(mixing);
            int[] partner = permutation(n, mixing);
            rows = Mixup.mix(rows, partner, weight);
            long[] other = new long[n];
            for (int i = 0; i < n; i++) {
                other[i] = labels[partner[i]];
            }
            partnerLabels = step.create(other);
        }
        if (masking != null) {
            for (float[] row : rows) {
                masking.applyInPlace(row, (int) shape.get(shape.dimension() - 2), (int) shape.tail(), masks);
            }
        }
        NDArray x = BatchPredictor.batch(step, rows, null, 0, n, shape, buffer);
        return new Batch(x, step.create(labels), partnerLabels, weight);
    }

    /**
     * Mean cross-entropy of {@code logits} against class indices {@code y}; with class weights, the
     * weighted mean {@code sum(w[y_i] ce_i) / sum(w[y_i])} (PyTorch's {@code CrossEntropyLoss(weight=w)}).
     */
    static NDArray crossEntropy(Loss plain, NDArray logits, NDArray y, float[] classWeights) {
        if (classWeights == null) {
            return plain.evaluate(new NDList(y), new NDList(logits));
        }
        NDManager m = logits.getManager();
        int classes = (int) logits.getShape().get(1);
        NDArray oneHot = y.oneHot(classes);
        NDArray perSample = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
        NDArray w = oneHot.mul(m.create(classWeights)).sum(new int[] {1});
        return perSample.mul(w).sum().div(w.sum());
    }

    /**
     * The teacher's probabilities {@code p} softened by temperature {@code t}: {@code softmax(log p / t)},
     * row by row ({@code p} itself at {@code t = 1}).
     */
    static NDArray softened(NDArray p, double t) {
        return t == 1.0 ? p : p.maximum(1e-12f).log().div((float) t).softmax(1);
    }

    /**
     * The distillation part of the loss: the mean over the batch of the cross-entropy of the run's
     * logits softened by {@code t} against the softened teacher probabilities {@code q}, times
     * {@code t^2} so that its gradients keep their size whatever the temperature (Hinton et al. 2015).
     * It differs from the KL divergence by the teacher's entropy, which has no gradient.
     */
    static NDArray distillationLoss(NDArray logits, NDArray q, double t) {
        NDArray perSample = logits.div((float) t).logSoftmax(1).mul(q).sum(new int[] {1}).neg();
        return perSample.mean().mul((float) (t * t));
    }

    /** The weighted mean {@code sum(w_i ce_i) / sum(w_i)} of the cross-entropy of {@code logits} against {@code y}. */
    static NDArray weightedCrossEntropy(NDArray logits, NDArray y, NDArray w) {
        NDArray oneHot = y.oneHot((int) logits.getShape().get(1));
        NDArray perSample = logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
        return perSample.mul(w).sum().div(w.sum());
    }

    private static float[] gather(float[] values, int[] order, int start, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = values[order[start + i]];
        }
        return out;
    }

    /**
     * Per training sample, {@code N / (groups * n_group)}: groups are the corpora, or the corpus and
     * label pairs when classes are balanced too, so that every group weighs alike in the loss.
     *
     * @throws IllegalArgumentException when the data does not say which corpus each sample is from
     */
    static float[] corpusWeights(TrainingData data, boolean alsoClasses) {
        if (data.trainCorpora() == null) {
            throw new IllegalArgumentException("balancing corpora needs to know each training sample's corpus");
        }
        int[] labels = data.train().labels();
        int classes = data.labels().size();
        int[] group = new int[labels.length];
        java.util.Map<Integer, Integer> counts = new java.util.HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            group[i] = alsoClasses ? data.trainCorpora()[i] * classes + labels[i] : data.trainCorpora()[i];
            counts.merge(group[i], 1, Integer::sum);
        }
        float[] w = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            w[i] = (float) labels.length / (counts.size() * counts.get(group[i]));
        }
        return w;
    }

    /** {@code N / (classes * n_c)} for every class present in the training labels (0 for absent ones). */
    static float[] classWeights(int[] labels, int classes) {
        int[] counts = new int[classes];
        for (int y : labels) {
            counts[y]++;
        }
        int present = 0;
        for (int c : counts) {
            present += c > 0 ? 1 : 0;
        }
        float[] w = new float[classes];
        for (int c = 0; c < classes; c++) {
            w[c] = counts[c] == 0 ? 0f : (float) labels.length / (present * counts[c]);
        }
        return w;
    }

    /** Copies of rows {@code order[start..start+n)}, to be mixed or masked (the stored rows stay clean). */
    private static float[][] copies(float[][] rows, int[] order, int start, int n) {
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = rows[order[start + i]].clone();
        }
        return out;
    }

    private static long[] labels(int[] labels, int[] order, int start, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = labels[order[start + i]];
        }
        return out;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static long parameterCount(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient() && p.getValue().isInitialized()) {
                n += p.getValue().getArray().size();
            }
        }
        return n;
    }

}
