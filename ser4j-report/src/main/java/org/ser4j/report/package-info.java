/**
 * Pictures and pages made from evaluation results, training histories and corpus summaries:
 * PNG charts drawn with XChart (headless) and an HTML report page. Nothing here computes a metric;
 * the numbers come from {@code org.ser4j.eval} and {@code org.ser4j.data}.
 */
package org.ser4j.report;
