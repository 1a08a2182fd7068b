/**
 * Utterances, emotions, corpus readers (RAVDESS), the on-disk feature cache and the free-space check
 * ({@link org.ser4j.data.DiskSpace}) made before long work writes to disk.
 */
package org.ser4j.data;
