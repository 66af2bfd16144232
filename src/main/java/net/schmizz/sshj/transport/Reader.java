/*
 * Copyright (C)2009 - SSHJ Contributors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package net.schmizz.sshj.transport;

import org.slf4j.Logger;

import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * Rollout's copy of sshj 0.40.0's {@code Reader}, changed where marked CHANGED, and
 * built into Rollout's jar in place of sshj's own (the shade plugin leaves sshj's out; a test
 * proves which one loads, and that the sshj beside it is the version this was copied from).
 *
 * <p>Why: sshj starts one of these per connection and gave each a receive buffer of the largest
 * packet (256 KiB), allocated and zeroed, so resident, for the life of the connection: 256 MB at
 * the 1,000 connections a worker holds for ssh probes (bench/RESULTS.md). The decoder takes any
 * number of bytes at a time ({@code Decoder.received} appends them to its own packet buffer and
 * asks for what it still needs), so a small buffer read into repeatedly decodes the same stream.
 * The thread's stack is sized to what it needs: it only ever reads a socket and hands the bytes
 * over. It also notes when bytes last arrived ({@link #nanosSinceReceived}), so that a keep-alive
 * can ask the server for an answer only after a silence, as OpenSSH's {@code ServerAliveInterval}
 * does, instead of on a fixed beat.
 */
public final class Reader
        extends Thread {

    /** CHANGED: a read is at most this many bytes; the decoder asks again for the rest. */
    static final int BUFFER = 8 * 1024;

    /** CHANGED: the stack a reader asks for (the JVM raises it to its own minimum if need be). */
    static final long STACK = 256 * 1024;

    private final Logger log;
    private final TransportImpl trans;
    /** CHANGED (added): {@link System#nanoTime()} when bytes last arrived, or when this began. */
    private volatile long received = System.nanoTime();

    public Reader(TransportImpl trans) {
        super(null, null, "sshj-Reader", STACK); // CHANGED: was setName("sshj-Reader")
        this.trans = trans;
        log = trans.getConfig().getLoggerFactory().getLogger(getClass());
        setDaemon(true);
    }

    @Override
    public void run() {
        try {

            final Decoder decoder = trans.getDecoder();
            final InputStream inp = trans.getConnInfo().in;

            // CHANGED: was new byte[decoder.getMaxPacketLength()], 256 KiB
            final byte[] recvbuf = new byte[BUFFER];

            int needed = 1;

            while (!isInterrupted()) {
                int read;
                try {
                    read = inp.read(recvbuf, 0, Math.min(needed, recvbuf.length));
                } catch(SocketTimeoutException e) {
                    if (isInterrupted()) {
                        throw e;
                    }
                    continue;
                }
                if (read == -1) {
                    throw new TransportException("Broken transport; encountered EOF");
                } else {
                    received = System.nanoTime(); // CHANGED (added)
                    needed = decoder.received(recvbuf, read);
                }
            }
        } catch (Exception e) {
            // We are meant to shut up and draw to a close if interrupted
            if (!isInterrupted()) {
                trans.die(e);
            }
        }

        log.debug("Stopping");
    }

    /** CHANGED (added): nanoseconds since bytes last arrived from the server. */
    public long nanosSinceReceived() {
        return System.nanoTime() - received;
    }

}
