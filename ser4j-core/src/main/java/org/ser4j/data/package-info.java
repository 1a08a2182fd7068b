/** Utterances, emotions, corpus readers (RAVDESS) and the on-disk feature cache. */
package org.ser4j.data;
