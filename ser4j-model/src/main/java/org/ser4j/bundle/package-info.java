/**
 * The saved model ("bundle"): weights, architecture, feature preset, fitted scaler, class labels and
 * provenance (split, seeds, training settings, library versions, dataset hashes, metrics), written
 * atomically as a directory or a single zip archive, loadable without the training data.
 */
package org.ser4j.bundle;
