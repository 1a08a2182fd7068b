package org.ser4j.predict;

import java.util.Locale;

/**
 * How a recording's channels are analysed: {@link #MIX}ed into one verdict, or {@link #EACH} on its
 * own (a call recorded with one speaker per channel). The one parser of the word that {@code predict
 * --channels}, the server's {@code ?channels=} and the Spark job's {@code --channels} accept.
 */
public enum ChannelMode {
    /** One verdict per recording, its channels mixed (the default). */
    MIX,
    /** One verdict per channel ({@link EmotionRecognizer#predictChannels}). */
    EACH;

    /**
     * {@code "mix"} or {@code "each"}; {@code null} is the default, {@link #MIX}.
     *
     * @throws IllegalArgumentException naming the word for anything else
     */
    public static ChannelMode parse(String word) {
        if (word == null || word.equals("mix")) {
            return MIX;
        }
        if (word.equals("each")) {
            return EACH;
        }
        throw new IllegalArgumentException("must be mix or each, got '" + word + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
