/**
 * Utterances, emotions and labels, the corpus readers ({@link org.ser4j.data.Corpora}: RAVDESS, TESS,
 * CREMA-D, SAVEE, Emo-DB, EMOVO, one folder per label, and CSV manifests; each parses its corpus's
 * file names and reports every file that does not follow them), the on-disk feature cache and the
 * free-space check ({@link org.ser4j.data.DiskSpace}) made before long work writes to disk.
 */
package org.ser4j.data;
