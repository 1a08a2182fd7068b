/** Pure feature functions: STFT, mel filter bank, power-to-dB, presets, chunking, scalers; .npy I/O. */
package org.ser4j.features;
