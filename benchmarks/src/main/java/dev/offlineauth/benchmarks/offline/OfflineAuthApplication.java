package dev.offlineauth.benchmarks.offline;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application that adds the starter and nothing else: the benchmarks take the decoder and the
 * authentication pieces from its context, exactly as the auto-configuration builds them.
 */
@SpringBootApplication
public class OfflineAuthApplication {

}
