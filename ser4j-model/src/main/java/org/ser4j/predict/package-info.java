/**
 * Applying a trained model to any recording: {@link org.ser4j.predict.EmotionRecognizer} turns a file,
 * samples at any rate or a live stream into {@link org.ser4j.predict.Prediction}s (class
 * probabilities, the top class, an emotion timeline of {@link org.ser4j.predict.Segment}s, silence).
 */
package org.ser4j.predict;
