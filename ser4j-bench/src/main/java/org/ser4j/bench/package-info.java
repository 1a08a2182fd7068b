/** JMH benchmarks: feature extraction (decode included) and, later, inference. */
package org.ser4j.bench;
