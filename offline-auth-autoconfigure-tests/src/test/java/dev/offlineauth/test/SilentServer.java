package dev.offlineauth.test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A server that accepts connections and then says nothing at all: FusionAuth hung. */
public final class SilentServer implements AutoCloseable {

	private final ServerSocket socket;

	private final List<Socket> connections = new CopyOnWriteArrayList<>();

	public SilentServer() throws IOException {
		this.socket = new ServerSocket(0);
		Thread acceptor = new Thread(this::accept, "silent-server");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				this.connections.add(this.socket.accept());
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	public URI uri(String path) {
		return URI.create("http://localhost:" + this.socket.getLocalPort() + path);
	}

	public int connections() {
		return this.connections.size();
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
		for (Socket connection : this.connections) {
			connection.close();
		}
	}

}
