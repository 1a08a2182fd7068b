/** Decoding WAV, FLAC and MP3 into {@link org.ser4j.audio.AudioClip}s; downmix, windowing, resampling. */
package org.ser4j.audio;
