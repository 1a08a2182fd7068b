package org.ser4j.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.ser4j.data.RavdessCorpus;
import org.ser4j.data.Utterance;
import org.ser4j.data.Utterance.Gender;
import org.ser4j.split.Split.Part;

class SplitsTest {

    static final Path ROOT = Path.of("/corpus");

    /** The full RAVDESS name grid (60 clips per actor) for actors 1..actors, as parsed utterances. */
    static List<Utterance> ravdess(int actors) {
        List<Utterance> out = new ArrayList<>();
        for (int a = 1; a <= actors; a++) {
            for (int e = 1; e <= 8; e++) {
                for (int i = 1; i <= (e == 1 ? 1 : 2); i++) {
                    for (int s = 1; s <= 2; s++) {
                        for (int r = 1; r <= 2; r++) {
                            out.add(RavdessCorpus.parse(ROOT.resolve(String.format(
                                    "Actor_%02d/03-01-%02d-%02d-%02d-%02d-%02d.wav", a, e, i, s, r, a))));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void assertPartition(Split split, List<Utterance> all) {
        Set<Utterance> union = new HashSet<>();
        for (Part p : Part.values()) {
            for (Utterance u : split.part(p)) {
                assertTrue(union.add(u), u + " in two parts of " + split.name());
            }
        }
        assertEquals(new HashSet<>(all), union, "the parts of " + split.name() + " cover the corpus");
    }

    private static void assertSpeakerDisjoint(Split split) {
        for (Part a : Part.values()) {
            for (Part b : Part.values()) {
                if (a.compareTo(b) < 0) {
                    Set<String> both = new TreeSet<>(split.speakers(a));
                    both.retainAll(split.speakers(b));
                    assertEquals(Set.of(), both, split.name() + ": speakers in " + a + " and " + b);
                }
            }
        }
    }

    private static Map<String, Integer> perEmotion(List<Utterance> us) {
        Map<String, Integer> m = new java.util.HashMap<>();
        for (Utterance u : us) {
            m.merge(u.label(), 1, Integer::sum);
        }
        return m;
    }

    @Test
    void randomSplitIs80_10_10PerEmotion() {
        List<Utterance> all = ravdess(20);
        Split s = Splits.random(all, 42);
        assertEquals("random", s.name());
        assertEquals("random", s.protocol());
        assertEquals(42, s.seed());
        assertPartition(s, all);
        assertEquals(960, s.train().size());
        assertEquals(120, s.validation().size());
        assertEquals(120, s.test().size());
        for (String e : org.ser4j.data.Labels.ravdess()) {
            int n = e.equals("neutral") ? 80 : 160;
            assertEquals(n * 8 / 10, perEmotion(s.train()).get(e), e + " train");
            assertEquals(n / 10, perEmotion(s.validation()).get(e), e + " validation");
            assertEquals(n / 10, perEmotion(s.test()).get(e), e + " test");
        }
        // SEC-PyTorch's split is not speaker independent: (almost surely) every actor is in every part
        assertEquals(20, s.speakers(Part.TEST).size());
    }

    @Test
    void randomSplitTruncatesLikePython() {
        // 7 clips of one emotion: int(0.8*7)=5 train, int(0.9*7)=6 -> 1 validation, 1 test
        List<Utterance> seven = new ArrayList<>();
        for (Utterance u : ravdess(4)) {
            if (u.label().equals("angry") && seven.size() < 7) {
                seven.add(u);
            }
        }
        Split s = Splits.random(seven, 1);
        assertEquals(List.of(5, 1, 1), List.of(s.train().size(), s.validation().size(), s.test().size()));
        // 10 clips: 8, 1, 1 ; 19 clips: 15, 2, 2
        List<Utterance> nineteen = ravdess(1).subList(20, 39); // 19 clips, all of emotions 3..5
        Split t = Splits.random(nineteen, 1);
        Map<String, Integer> n = perEmotion(nineteen);
        int train = 0;
        int val = 0;
        for (int count : n.values()) {
            train += count * 8 / 10;
            val += count * 9 / 10 - count * 8 / 10;
        }
        assertEquals(train, t.train().size());
        assertEquals(val, t.validation().size());
    }

    @Test
    void randomSplitIsReproducibleAndOrderIndependent() {
        List<Utterance> all = ravdess(6);
        Split a = Splits.random(all, 7);
        List<Utterance> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(99));
        assertEquals(a, Splits.random(shuffled, 7));
        assertNotEquals(a.test(), Splits.random(all, 8).test());
    }

    @Test
    void bySpeakerKeepsSpeakersApart() {
        List<Utterance> all = ravdess(8);
        Split s = Splits.bySpeaker(all, Set.of("7", "8"), Set.of("5"));
        assertEquals("speaker", s.name());
        assertPartition(s, all);
        assertSpeakerDisjoint(s);
        assertEquals(Set.of("7", "8"), s.speakers(Part.TEST));
        assertEquals(Set.of("5"), s.speakers(Part.VALIDATION));
        assertEquals(Set.of("1", "2", "3", "4", "6"), s.speakers(Part.TRAIN));
        assertEquals(120, s.test().size());
        // no validation speakers: an empty validation part
        assertEquals(0, Splits.bySpeaker(all, Set.of("1"), Set.of()).validation().size());
        // no test speakers (a final model): every speaker but the validation ones trains
        Split last = Splits.bySpeaker(all, Set.of(), Set.of("5"));
        assertPartition(last, all);
        assertEquals(0, last.test().size());
        assertEquals(Set.of("1", "2", "3", "4", "6", "7", "8"), last.speakers(Part.TRAIN));
    }

    @Test
    void bySpeakerRejectsOverlapUnknownAndEmpty() {
        List<Utterance> all = ravdess(4);
        IllegalArgumentException overlap = assertThrows(IllegalArgumentException.class,
                () -> Splits.bySpeaker(all, Set.of("1", "2"), Set.of("2", "3")));
        assertTrue(overlap.getMessage().contains("[2] are both test and validation"), overlap.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Splits.bySpeaker(all, Set.of("1"), Set.of("21")));
        assertTrue(unknown.getMessage().contains("[21] have no utterances (corpus speakers: [1, 2, 3, 4])"), unknown.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Splits.bySpeaker(all, Set.of(), Set.of()));
        assertTrue(none.getMessage().contains("no test and no validation speakers"), none.getMessage());
        IllegalArgumentException noTrain = assertThrows(IllegalArgumentException.class,
                () -> Splits.bySpeaker(all, Set.of("1", "2"), Set.of("3", "4")));
        assertTrue(noTrain.getMessage().contains("no speaker left for training"), noTrain.getMessage());
    }

    @Test
    void fiveFoldsOfRavdessActorsAreGenderBalancedAndCoverEverySpeakerOnce() {
        List<Utterance> all = ravdess(20);
        List<Split> folds = Splits.kFoldBySpeaker(all, 5, 3);
        assertEquals(5, folds.size());
        List<String> tested = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Split f = folds.get(i);
            assertEquals("kfold-" + (i + 1) + "of5", f.name());
            assertEquals(3, f.seed());
            assertPartition(f, all);
            assertSpeakerDisjoint(f);
            Set<String> test = f.speakers(Part.TEST);
            assertEquals(4, test.size());
            assertEquals(2, test.stream().filter(s -> Integer.parseInt(s) % 2 == 1).count(), "male test actors of fold " + i + ": " + test);
            Set<String> val = f.speakers(Part.VALIDATION);
            assertEquals(2, val.size());
            assertEquals(1, val.stream().filter(s -> Integer.parseInt(s) % 2 == 1).count(), "one male validation actor: " + val);
            assertEquals(14, f.speakers(Part.TRAIN).size());
            assertEquals(240, f.test().size());
            tested.addAll(test);
        }
        tested.sort(Utterance.SPEAKER_ORDER);
        List<String> everyone = new ArrayList<>();
        for (int a = 1; a <= 20; a++) {
            everyone.add(Integer.toString(a));
        }
        assertEquals(everyone, tested, "each actor is a test speaker exactly once");
        // every fold's validation speakers are distinct from the other folds' (they come from the next fold)
        Set<String> validations = new HashSet<>();
        folds.forEach(f -> validations.addAll(f.speakers(Part.VALIDATION)));
        assertEquals(10, validations.size());
    }

    @Test
    void kFoldIsReproducibleFromTheSeed() {
        List<Utterance> all = ravdess(20);
        assertEquals(Splits.kFoldBySpeaker(all, 5, 11), Splits.kFoldBySpeaker(all, 5, 11));
        List<Set<String>> a = new ArrayList<>();
        List<Set<String>> b = new ArrayList<>();
        Splits.kFoldBySpeaker(all, 5, 11).forEach(f -> a.add(f.speakers(Part.TEST)));
        Splits.kFoldBySpeaker(all, 5, 12).forEach(f -> b.add(f.speakers(Part.TEST)));
        assertNotEquals(a, b);
    }

    @Test
    void kFoldWithUnevenGendersStaysBalanced() {
        // actors 1..7: 4 male (1,3,5,7), 3 female; k = 3 -> fold sizes 3,2,2 and every fold has both genders
        List<Utterance> all = ravdess(7);
        List<Split> folds = Splits.kFoldBySpeaker(all, 3, 5);
        List<Integer> sizes = new ArrayList<>();
        for (Split f : folds) {
            assertSpeakerDisjoint(f);
            assertPartition(f, all);
            sizes.add(f.speakers(Part.TEST).size());
            assertTrue(f.speakers(Part.TEST).stream().anyMatch(s -> Integer.parseInt(s) % 2 == 0), "a female test speaker in " + f.name());
            assertTrue(f.speakers(Part.TEST).stream().anyMatch(s -> Integer.parseInt(s) % 2 == 1), "a male test speaker in " + f.name());
        }
        Collections.sort(sizes);
        assertEquals(List.of(2, 2, 3), sizes);
        // two speakers, two folds: no speaker is left for validation
        List<Split> two = Splits.kFoldBySpeaker(ravdess(2), 2, 1);
        assertEquals(0, two.get(0).validation().size());
        assertEquals(1, two.get(0).speakers(Part.TRAIN).size());
    }

    @Test
    void kFoldRejectsBadK() {
        List<Utterance> all = ravdess(3);
        assertThrows(IllegalArgumentException.class, () -> Splits.kFoldBySpeaker(all, 1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Splits.kFoldBySpeaker(all, 4, 0));
        assertTrue(e.getMessage().contains("4 folds need at least 4 speakers, found 3"), e.getMessage());
    }

    @Test
    void sharedRavdessFiveFoldsAndSeedSplit() throws java.io.IOException {
        List<Utterance> all = RavdessCorpus.scan(org.ser4j.testing.SharedData.ravdess()).utterances();
        for (Split f : Splits.kFoldBySpeaker(all, 5, 42)) {
            assertSpeakerDisjoint(f);
            assertPartition(f, all);
            assertEquals(240, f.test().size(), f.name());
            assertEquals(120, f.validation().size(), f.name());
            assertEquals(840, f.train().size(), f.name());
        }
        Split seed = Splits.random(all, 42);
        assertEquals(List.of(960, 120, 120), List.of(seed.train().size(), seed.validation().size(), seed.test().size()));
    }

    @Test
    void splitRejectsAnUtteranceInTwoParts() {
        List<Utterance> all = ravdess(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Split("x", 0, all.subList(0, 10), List.of(), all.subList(9, 12)));
        assertTrue(e.getMessage().contains("is in train and in test"), e.getMessage());
        assertEquals(Gender.MALE, all.get(0).gender());
    }

    @Test
    void leaveOneCorpusOutTestsOnTheWholeCorpusOverTheSharedLabels() {
        List<Utterance> all = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String label = List.of("angry", "sad", "calm", "neutral").get(i % 4);
            all.add(Utterance.of(java.nio.file.Path.of("/r/" + i + ".wav"), label, Integer.toString(1 + i % 5), "ravdess"));
        }
        for (int i = 0; i < 30; i++) {
            String label = List.of("angry", "sad", "boredom").get(i % 3);
            all.add(Utterance.of(java.nio.file.Path.of("/t/" + i + ".wav"), label, i % 2 == 0 ? "OAF" : "YAF", "tess"));
        }
        Split s = Splits.leaveOneCorpusOut(all, "tess", 3);
        assertEquals("loco-tess", s.name());
        assertEquals("loco", s.protocol());
        assertPartition(s, all.stream().filter(u -> Set.of("angry", "sad").contains(u.label())).toList());
        assertEquals(20, s.test().size()); // tess angry and sad; boredom is not in training
        assertTrue(s.test().stream().allMatch(u -> u.corpus().equals("tess")));
        assertTrue(s.train().stream().noneMatch(u -> u.label().equals("calm")), "calm is not in the test corpus");
        assertEquals(2, s.validation().size()); // 10% of ravdess angry (10) and sad (10)
        assertEquals(s, Splits.leaveOneCorpusOut(all, "tess", 3));
        assertThrows(IllegalArgumentException.class, () -> Splits.leaveOneCorpusOut(all, "emodb", 3));
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> Splits.leaveOneCorpusOut(all.subList(0, 40), "ravdess", 3));
        assertTrue(one.getMessage().contains("at least two corpora"), one.getMessage());
    }

    @Test
    void kFoldDealsSpeakersOfUnknownGenderToo() {
        List<Utterance> all = new ArrayList<>();
        for (String speaker : List.of("ann", "bob", "cy", "dee", "eve", "fay")) {
            for (int i = 0; i < 4; i++) {
                all.add(Utterance.of(java.nio.file.Path.of("/m/" + speaker + i + ".wav"), i % 2 == 0 ? "yes" : "no", speaker, "mine"));
            }
        }
        List<Split> folds = Splits.kFoldBySpeaker(all, 3, 1);
        List<String> tested = new ArrayList<>();
        for (Split f : folds) {
            assertPartition(f, all);
            assertSpeakerDisjoint(f);
            assertEquals(1, f.speakers(Part.VALIDATION).size(), "one validation speaker when genders are unknown");
            tested.addAll(f.speakers(Part.TEST));
        }
        tested.sort(Utterance.SPEAKER_ORDER);
        assertEquals(List.of("ann", "bob", "cy", "dee", "eve", "fay"), tested);
    }
}
