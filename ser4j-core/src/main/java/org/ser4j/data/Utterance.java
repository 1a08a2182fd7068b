package org.ser4j.data;

import java.nio.file.Path;

/**
 * One labelled recording of a corpus.
 *
 * @param path the audio file
 * @param emotion the acted emotion
 * @param intensity NORMAL or STRONG (RAVDESS neutral has only NORMAL)
 * @param statement the sentence number (RAVDESS: 1 "Kids are talking by the door", 2 "Dogs are sitting by the door")
 * @param repetition 1 or 2
 * @param speaker the corpus speaker id (RAVDESS actor number, 1..24)
 * @param gender the speaker's gender
 */
public record Utterance(
        Path path, Emotion emotion, Intensity intensity, int statement, int repetition, int speaker, Gender gender) {

    public enum Intensity { NORMAL, STRONG }

    public enum Gender { MALE, FEMALE }

    /** The file name without directory, used as the utterance id in reports. */
    public String id() {
        return path.getFileName().toString();
    }
}
