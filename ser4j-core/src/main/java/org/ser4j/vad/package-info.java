/**
 * Voice activity detection: telling speech from silence and from loud non-speech sounds (traffic, a
 * drill, music, hum, an air conditioner) in plain Java, with no engine.
 * {@link org.ser4j.vad.VoiceActivityDetector} turns mono samples into a
 * {@link org.ser4j.vad.SpeechActivity}, one speech decision per 10 ms frame, from which the speech
 * fraction of any span follows. The predictor uses it to leave windows without speech unclassified.
 */
package org.ser4j.vad;
