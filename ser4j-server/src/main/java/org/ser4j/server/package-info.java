/**
 * The HTTP face of ser4j: {@link org.ser4j.server.EmotionServer} serves the prediction API, a
 * WebSocket for live microphone streams and the single web page.
 */
package org.ser4j.server;
