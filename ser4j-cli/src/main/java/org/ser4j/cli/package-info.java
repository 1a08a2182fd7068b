/** The picocli command line: one {@code Callable<Integer>} class per subcommand. */
package org.ser4j.cli;
