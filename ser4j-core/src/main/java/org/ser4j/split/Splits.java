package org.ser4j.split;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ser4j.data.Labels;
import org.ser4j.data.Utterance;
import org.ser4j.data.Utterance.Gender;

/**
 * Makes {@link Split}s. Every method first sorts the utterances by path, so the result depends only on
 * the set of utterances and the seed, not on the order they were given in. Randomness comes from
 * {@code java.util.Random(seed)} and {@link Collections#shuffle(List, Random)}, whose algorithms the
 * Java specification fixes: the same seed gives the same split on every JVM.
 */
public final class Splits {

    /** The name of {@link #random}'s protocol and splits. */
    public static final String RANDOM = "random";
    /** {@link #RANDOM}'s deprecated name, as runs made before issue 19 recorded it in their split.json. */
    public static final String OLD_RANDOM = "seed";
    /** Percent of each emotion that goes to training in SEC-PyTorch's split (SPEC.md, "Split"). */
    public static final int RANDOM_TRAIN_PERCENT = 80;
    /** Percent of each emotion that goes to training plus validation in SEC-PyTorch's split. */
    public static final int RANDOM_TRAIN_VALIDATION_PERCENT = 90;

    private Splits() {}

    /**
     * The random protocol, SEC-PyTorch's: for each emotion separately, a random permutation of its
     * utterances; the first {@code floor(0.8 n)} are training, up to {@code floor(0.9 n)} validation,
     * the rest test. Stratified by emotion, NOT by speaker: the same speakers appear in all three parts.
     * The split is named {@value #RANDOM}.
     */
    public static Split random(List<Utterance> utterances, long seed) {
        List<Utterance> sorted = sorted(utterances);
        Map<String, List<Utterance>> byEmotion = new java.util.LinkedHashMap<>();
        for (String label : Labels.of(sorted)) { // label-set order: RAVDESS's emotions in code order
            byEmotion.put(label, new ArrayList<>());
        }
        for (Utterance u : sorted) {
            byEmotion.get(u.label()).add(u);
        }
        Random rng = new Random(seed);
        List<Utterance> train = new ArrayList<>();
        List<Utterance> validation = new ArrayList<>();
        List<Utterance> test = new ArrayList<>();
        for (List<Utterance> group : byEmotion.values()) {
            Collections.shuffle(group, rng);
            int n = group.size();
            for (int k = 0; k < n; k++) {
                switch (randomPart(k, n)) {
                    case TRAIN -> train.add(group.get(k));
                    case VALIDATION -> validation.add(group.get(k));
                    case TEST -> test.add(group.get(k));
                }
            }
        }
        return new Split(RANDOM, seed, sorted(train), sorted(validation), sorted(test));
    }

    /**
     * Held-out speakers: the utterances of {@code testSpeakers} are the test part, those of
     * {@code validationSpeakers} the validation part, all other speakers train. The test set may be
     * empty when validation speakers are given: a final model trained on every other speaker, whose
     * test figures come from a k-fold run of the same recipe.
     *
     * @throws IllegalArgumentException if the two sets overlap, name a speaker absent from the
     *     utterances, both are empty, or no speaker is left for training
     */
    public static Split bySpeaker(List<Utterance> utterances, Set<String> testSpeakers, Set<String> validationSpeakers) {
        TreeSet<String> present = new TreeSet<>();
        for (Utterance u : utterances) {
            present.add(u.speaker());
        }
        if (testSpeakers.isEmpty() && validationSpeakers.isEmpty()) {
            throw new IllegalArgumentException("no test and no validation speakers given (corpus speakers: " + present + ")");
        }
        Set<String> overlap = speakerSet(testSpeakers);
        overlap.retainAll(validationSpeakers);
        if (!overlap.isEmpty()) {
            throw new IllegalArgumentException("speaker(s) " + overlap + " are both test and validation speakers"
                    + " (test " + speakerSet(testSpeakers) + ", validation " + speakerSet(validationSpeakers) + ")");
        }
        Set<String> unknown = speakerSet(testSpeakers);
        unknown.addAll(validationSpeakers);
        unknown.removeAll(present);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("speaker(s) " + unknown + " have no utterances (corpus speakers: " + present + ")");
        }
        List<Utterance> train = new ArrayList<>();
        List<Utterance> validation = new ArrayList<>();
        List<Utterance> test = new ArrayList<>();
        for (Utterance u : sorted(utterances)) {
            if (testSpeakers.contains(u.speaker())) {
                test.add(u);
            } else if (validationSpeakers.contains(u.speaker())) {
                validation.add(u);
            } else {
                train.add(u);
            }
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no speaker left for training: test " + speakerSet(testSpeakers)
                    + " and validation " + speakerSet(validationSpeakers) + " take all of " + present);
        }
        return new Split("speaker", 0, train, validation, test);
    }

    /**
     * k-fold cross-validation by speaker, balanced by gender. The male and the female speakers are
     * shuffled separately with {@code seed}; the male speakers are dealt to folds 0, 1, ..., k-1, 0, ...
     * and the female speakers continue the same round, so fold sizes and gender counts differ by at most
     * one (RAVDESS actors 01-20, k = 5: every fold has 2 male and 2 female actors). Fold {@code i} tests
     * on its own speakers; its validation speakers are one male and one female training speaker, taken
     * from the nearest following fold that has one ({@code i+1}, {@code i+2}, ... modulo k), as long as
     * at least one training speaker remains; all other speakers train. Speakers of unknown gender are
     * dealt after the female speakers and give one validation speaker of their own. Split names are {@code "kfold-<i+1>of<k>"}.
     *
     * @throws IllegalArgumentException if {@code k < 2} or there are fewer than {@code k} speakers
     */
    public static List<Split> kFoldBySpeaker(List<Utterance> utterances, int k, long seed) {
        Map<String, Gender> genders = new TreeMap<>(Utterance.SPEAKER_ORDER);
        for (Utterance u : utterances) {
            Gender before = genders.putIfAbsent(u.speaker(), u.gender());
            if (before != null && before != u.gender()) {
                throw new IllegalArgumentException("speaker " + u.speaker() + " has utterances with gender " + before
                        + " and " + u.gender() + " (" + u.path() + ")");
            }
        }
        if (k < 2) {
            throw new IllegalArgumentException("k-fold needs k >= 2, found " + k);
        }
        if (genders.size() < k) {
            throw new IllegalArgumentException(k + " folds need at least " + k + " speakers, found " + genders.size()
                    + " " + genders.keySet());
        }
        Random rng = new Random(seed);
        List<List<String>> folds = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            folds.add(new ArrayList<>());
        }
        int next = 0;
        List<Gender> groups = new ArrayList<>(List.of(Gender.values()));
        groups.add(null); // speakers whose corpus gives no gender
        for (Gender g : groups) {
            List<String> speakers = new ArrayList<>();
            genders.forEach((s, sg) -> {
                if (sg == g) {
                    speakers.add(s);
                }
            });
            Collections.shuffle(speakers, rng);
            for (String s : speakers) {
                folds.get(next % k).add(s);
                next++;
            }
        }
        List<Split> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            Set<String> test = new HashSet<>(folds.get(i));
            Set<String> validation = new HashSet<>();
            int trainSpeakers = genders.size() - test.size();
            for (Gender g : groups) {
                pick:
                for (int d = 1; d < k && trainSpeakers > 1; d++) { // keep at least one training speaker
                    for (String s : folds.get((i + d) % k)) {
                        if (genders.get(s) == g) {
                            validation.add(s);
                            trainSpeakers--;
                            break pick;
                        }
                    }
                }
            }
            Split byS = bySpeaker(utterances, test, validation);
            out.add(new Split(String.format(Locale.ROOT, "kfold-%dof%d", i + 1, k), seed,
                    byS.train(), byS.validation(), byS.test()));
        }
        return out;
    }

    /** Percent of each training corpus's clips of each label that validate in leave-one-corpus-out. */
    public static final int LOCO_VALIDATION_PERCENT = 10;

    /**
     * Leave one corpus out: the test part is every clip of {@code testCorpus}, the other corpora train
     * and validate, over the labels that both sides have (clips of a label only one side has are in no
     * part, so that the test asks only for what training taught). Validation is
     * {@value #LOCO_VALIDATION_PERCENT}% of each training corpus's clips of each label, drawn with
     * {@code seed} (the test corpus's speakers are all unseen; validation only picks the kept epoch).
     * The split is named {@code "loco-<testCorpus>"}.
     *
     * @throws IllegalArgumentException when {@code testCorpus} has no clips, no other corpus is given,
     *     or the two sides share fewer than two labels
     */
    public static Split leaveOneCorpusOut(List<Utterance> utterances, String testCorpus, long seed) {
        TreeSet<String> corpora = new TreeSet<>();
        TreeSet<String> testLabels = new TreeSet<>();
        TreeSet<String> trainLabels = new TreeSet<>();
        for (Utterance u : utterances) {
            corpora.add(u.corpus());
            (u.corpus().equals(testCorpus) ? testLabels : trainLabels).add(u.label());
        }
        if (!corpora.contains(testCorpus)) {
            throw new IllegalArgumentException("no clips of corpus '" + testCorpus + "' (corpora: " + corpora + ")");
        }
        if (corpora.size() < 2) {
            throw new IllegalArgumentException("leave-one-corpus-out needs at least two corpora, found " + corpora);
        }
        TreeSet<String> shared = new TreeSet<>(testLabels);
        shared.retainAll(trainLabels);
        if (shared.size() < 2) {
            throw new IllegalArgumentException("corpus '" + testCorpus + "' (labels " + testLabels + ") and the others (labels "
                    + trainLabels + ") share fewer than two labels; map them with --labels");
        }
        Map<String, List<Utterance>> groups = new TreeMap<>(); // training corpus + label -> clips
        List<Utterance> test = new ArrayList<>();
        for (Utterance u : sorted(utterances)) {
            if (!shared.contains(u.label())) {
                continue;
            }
            if (u.corpus().equals(testCorpus)) {
                test.add(u);
            } else {
                groups.computeIfAbsent(u.corpus() + "\u0000" + u.label(), k -> new ArrayList<>()).add(u);
            }
        }
        Random rng = new Random(seed);
        List<Utterance> train = new ArrayList<>();
        List<Utterance> validation = new ArrayList<>();
        for (List<Utterance> group : groups.values()) {
            Collections.shuffle(group, rng);
            int v = Math.max(1, group.size() * LOCO_VALIDATION_PERCENT / 100);
            if (group.size() < 2) {
                v = 0;
            }
            validation.addAll(group.subList(0, v));
            train.addAll(group.subList(v, group.size()));
        }
        return new Split("loco-" + testCorpus, seed, sorted(train), sorted(validation), test);
    }

    private static TreeSet<String> speakerSet(Set<String> speakers) {
        TreeSet<String> s = new TreeSet<>(Utterance.SPEAKER_ORDER);
        s.addAll(speakers);
        return s;
    }

    /**
     * The part of the {@code k}-th of {@code n} shuffled items in SEC-PyTorch's 80/10/10 cut: the first
     * {@code floor(0.8 n)} train, up to {@code floor(0.9 n)} validation, the rest test. Integer
     * arithmetic equals Python's {@code int(0.8 * n)}: 0.8 and 0.9 round up in binary, so the float
     * product never falls below the integer it should truncate to.
     */
    static Split.Part randomPart(int k, int n) {
        if (k < n * RANDOM_TRAIN_PERCENT / 100) {
            return Split.Part.TRAIN;
        }
        return k < n * RANDOM_TRAIN_VALIDATION_PERCENT / 100 ? Split.Part.VALIDATION : Split.Part.TEST;
    }

    /**
     * {@code split} with {@code extra} added to its training part, in the order every split's parts have
     * (by path): the split of some corpora with the clips of corpora that only train ({@code part=train}).
     */
    public static Split withMoreTraining(Split split, List<Utterance> extra) {
        List<Utterance> train = new ArrayList<>(split.train());
        train.addAll(extra);
        return new Split(split.name(), split.seed(), sorted(train), split.validation(), split.test());
    }

    /** The utterances sorted by path: the order every split starts from. */
    static List<Utterance> sorted(List<Utterance> utterances) {
        List<Utterance> s = new ArrayList<>(utterances);
        s.sort(Comparator.comparing((Utterance u) -> u.path().toString()));
        return s;
    }

    /**
     * One male and one female speaker that are not test speakers, drawn with {@code seed}: the
     * validation speakers of a speaker split when none are named.
     *
     * @throws IllegalArgumentException when no speaker is left besides the test speakers
     */
    public static Set<String> defaultValidationSpeakers(List<Utterance> corpus, Set<String> test, long seed) {
        TreeSet<String> male = new TreeSet<>();
        TreeSet<String> female = new TreeSet<>();
        for (Utterance u : corpus) {
            if (!test.contains(u.speaker())) {
                (u.gender() == Gender.MALE ? male : female).add(u.speaker());
            }
        }
        Random rng = new Random(seed);
        TreeSet<String> chosen = new TreeSet<>();
        for (TreeSet<String> group : List.of(male, female)) {
            if (!group.isEmpty() && male.size() + female.size() - chosen.size() > 1) {
                chosen.add(new ArrayList<>(group).get(rng.nextInt(group.size())));
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no speaker left for validation besides the test speakers " + test);
        }
        return chosen;
    }
}
