package dev.offlineauth.test.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A service as a user of the kit would have one: offline-auth and a controller. */
@SpringBootApplication
public class KitTestApplication {

}
