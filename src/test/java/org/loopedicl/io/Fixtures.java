package org.loopedicl.io;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Golden files written by tools/make_io_fixtures.py. */
final class Fixtures {

    private Fixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/io/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
