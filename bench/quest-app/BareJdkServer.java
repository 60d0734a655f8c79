import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The ceiling: the JDK's built-in server answering one constant page, with none of quest-app's
 * work (no routing, checks or log line). Run with the source launcher: java BareJdkServer.java
 */
public class BareJdkServer {

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        byte[] page = ("<!DOCTYPE html><html><head><title>quest</title></head><body><h1>Welcome to the quest</h1>"
                + "<p>The secret word is <strong>TwelveFactor</strong>.</p></body></html>").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(System.getenv("PORT"))), 1024);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }
}
