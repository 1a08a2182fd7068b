/**
 * Audio in: {@link org.ser4j.audio.AudioDecoder} turns WAV (own RIFF/RF64 parser), AIFF and AIFF-C (own
 * parser), FLAC (own decoder, checked against jflac) and MP3 (JLayer) bytes into an {@link org.ser4j.audio.AudioClip} of float samples, choosing the format by
 * magic bytes; {@link org.ser4j.audio.AudioDecodeException} is the one exception for bad input (its
 * subclass {@link org.ser4j.audio.AudioLimitException} for audio beyond the caller's
 * {@link org.ser4j.audio.DecodeLimits}, checked before the samples are allocated).
 * {@link org.ser4j.audio.Signals} holds SEC-PyTorch's offset/duration window, {@link org.ser4j.audio.Resampler}
 * band-limited resampling; {@link org.ser4j.audio.WavEncoder} writes clips in any
 * {@link org.ser4j.audio.WavFormat} (tests use it to generate their inputs). Downmixing is
 * {@link org.ser4j.audio.AudioClip#mono()}.
 */
package org.ser4j.audio;
