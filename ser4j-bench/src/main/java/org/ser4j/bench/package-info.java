<<<<<<< HEAD
/** JMH benchmarks: feature extraction (decode included) and, later, inference. */
=======
/**
 * JMH benchmarks. Run with jemalloc preloaded (see HELPERS/README):
 * {@code LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 DJL_OFFLINE=true java -jar
 * ser4j-bench/target/ser4j-bench.jar TrainStep}.
 */
>>>>>>> model
package org.ser4j.bench;
