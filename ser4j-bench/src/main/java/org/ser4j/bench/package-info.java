/**
 * JMH benchmarks: feature extraction (decode included), training steps, inference. Run PyTorch
 * benchmarks with jemalloc preloaded:
 * {@code LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 DJL_OFFLINE=true java -jar
 * ser4j-bench/target/ser4j-bench.jar TrainStep}.
 */
package org.ser4j.bench;
