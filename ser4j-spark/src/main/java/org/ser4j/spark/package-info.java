/**
 * Scoring recordings on Apache Spark (issue 18): {@link org.ser4j.spark.EmotionScoring} turns rows of
 * Spark's {@code binaryFile} source into rows of emotions with the same
 * {@link org.ser4j.predict.EmotionRecognizer} the CLI uses, one recognizer per executor JVM;
 * {@link org.ser4j.spark.ScoreRecordings} is the {@code spark-submit} job around it and
 * {@link org.ser4j.spark.SparkBench} measures its throughput. See {@code docs/spark.md}.
 */
package org.ser4j.spark;
