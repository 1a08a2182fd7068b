package org.ser4j.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;

/**
 * Closes a new connection at once when its remote address already holds the limit of open
 * connections (0: no limit). Added to a Jetty connector as a bean, it hears of every connection the
 * connector opens and closes; connections opened before it was added are not counted, and their
 * closing releases nothing.
 */
final class PerAddressConnections implements Connection.Listener {

    private final PerAddressLimit limit;
    /** The connections counted, with the address each is counted under. */
    private final Map<Connection, String> counted = new ConcurrentHashMap<>();

    PerAddressConnections(int limit) {
        this.limit = new PerAddressLimit(limit);
    }

    @Override
    public void onOpened(Connection connection) {
        if (limit.limit() == 0) {
            return;
        }
        String address = address(connection.getEndPoint().getRemoteSocketAddress());
        if (limit.tryAcquire(address)) {
            counted.put(connection, address);
        } else {
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        String address = counted.remove(connection);
        if (address != null) {
            limit.release(address);
        }
    }

    /** Connections the address holds now. */
    int held(String address) {
        return limit.held(address);
    }

    private static String address(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }
}
