<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
    <context>
        <name>tcpviz::app::Cli</name>
        <message>
            <source>%1 MB a second</source>
            <translation>%1 MB a second</translation>
        </message>
        <message>
            <source>%1 a second</source>
            <translation>%1 a second</translation>
        </message>
        <message>
            <source>%1 has connections 0 to %2; there is no connection %3</source>
            <translation>%1 has connections 0 to %2; there is no connection %3</translation>
        </message>
        <message>
            <source>%1 has no hosts: --host is for a scenario of hosts</source>
            <translation>%1 has no hosts: --host is for a scenario of hosts</translation>
        </message>
        <message>
            <source>%1 has one connection, 0; there is no connection %2</source>
            <translation>%1 has one connection, 0; there is no connection %2</translation>
        </message>
        <message>
            <source>%1 is a scenario of hosts with many connections: choose one with --connection ID (tcpviz --list-connections %1 lists them), or print them all with --format json or csv</source>
            <translation>%1 is a scenario of hosts with many connections: choose one with --connection ID (tcpviz --list-connections %1 lists them), or print them all with --format json or csv</translation>
        </message>
        <message>
            <source>%1 makes no connection; there is no connection %2</source>
            <translation>%1 makes no connection; there is no connection %2</translation>
        </message>
        <message>
            <source>%1 on this computer, one core:</source>
            <translation>%1 on this computer, one core:</translation>
        </message>
        <message>
            <source>%1 µs a 16 KiB record</source>
            <translation>%1 µs a 16 KiB record</translation>
        </message>
        <message>
            <source>%1 µs each</source>
            <translation>%1 µs each</translation>
        </message>
        <message numerus="yes">
            <source>%1: %n question(s)</source>
            <translation>
                <numerusform>%1: %n question</numerusform>
                <numerusform>%1: %n questions</numerusform>
            </translation>
        </message>
        <message>
            <source>%1: no TCP connection in its %2 packets</source>
            <translation>%1: no TCP connection in its %2 packets</translation>
        </message>
        <message>
            <source>%1: the simulation stopped at its limit of %2 events, at %3 ms of simulated time; what followed was not simulated (no scenario may set "max_events" higher)</source>
            <translation>%1: the simulation stopped at its limit of %2 events, at %3 ms of simulated time; what followed was not simulated (no scenario may set "max_events" higher)</translation>
        </message>
        <message>
            <source>%1: the simulation stopped at its limit of %2 events, at %3 ms of simulated time; what followed was not simulated (raise "max_events", up to %4, to see more)</source>
            <translation>%1: the simulation stopped at its limit of %2 events, at %3 ms of simulated time; what followed was not simulated (raise "max_events", up to %4, to see more)</translation>
        </message>
        <message>
            <source>--host goes with --view sockets</source>
            <translation>--host goes with --view sockets</translation>
        </message>
        <message>
            <source>--interop-demo opens its own connection: leave out %1</source>
            <translation>--interop-demo opens its own connection: leave out %1</translation>
        </message>
        <message>
            <source>--print-quiz prints text or, with --format json, JSON</source>
            <translation>--print-quiz prints text or, with --format json, JSON</translation>
        </message>
        <message>
            <source>--runs goes with --view side-by-side</source>
            <translation>--runs goes with --view side-by-side</translation>
        </message>
        <message>
            <source>A built-in scenario id, a scenario .json file or a capture (.pcap, .pcapng) to open.</source>
            <translation>A built-in scenario id, a scenario .json file or a capture (.pcap, .pcapng) to open.</translation>
        </message>
        <message>
            <source>AES-256-GCM, every byte after the handshake</source>
            <translation>AES-256-GCM, every byte after the handshake</translation>
        </message>
        <message>
            <source>Answer: %1. %2</source>
            <translation>Answer: %1. %2</translation>
        </message>
        <message>
            <source>Before step %1: %2</source>
            <translation>Before step %1: %2</translation>
        </message>
        <message>
            <source>Decrypting everything with RSA-2048 would be %1 times slower than AES-256-GCM: %2 MB a second.</source>
            <translation>Decrypting everything with RSA-2048 would be %1 times slower than AES-256-GCM: %2 MB a second.</translation>
        </message>
        <message>
            <source>Ed25519 signature, the server's</source>
            <translation>Ed25519 signature, the server's</translation>
        </message>
        <message>
            <source>Ed25519 verification, the client's</source>
            <translation>Ed25519 verification, the client's</translation>
        </message>
        <message>
            <source>Export the diagram up to step N.</source>
            <translation>Export the diagram up to step N.</translation>
        </message>
        <message>
            <source>Export to OUT; the format follows the extension (png, svg, pdf, dot, txt, json, csv, pcapng for Wireshark, or log for the TLS keys that decrypt it).</source>
            <translation>Export to OUT; the format follows the extension (png, svg, pdf, dot, txt, json, csv, pcapng for Wireshark, or log for the TLS keys that decrypt it).</translation>
        </message>
        <message>
            <source>Language: en or zh_CN.</source>
            <translation>Language: en or zh_CN.</translation>
        </message>
        <message>
            <source>Leave the key to the marks out of a PNG, SVG or PDF export.</source>
            <translation>Leave the key to the marks out of a PNG, SVG or PDF export.</translation>
        </message>
        <message>
            <source>List the built-in scenarios, one per line: ID&lt;TAB&gt;title.</source>
            <translation>List the built-in scenarios, one per line: ID&lt;TAB&gt;title.</translation>
        </message>
        <message>
            <source>Measure how fast this computer's OpenSSL does a TLS handshake's public-key work and encrypts the bytes after it, and print it (the why-symmetric-keys lesson).</source>
            <translation>Measure how fast this computer's OpenSSL does a TLS handshake's public-key work and encrypts the bytes after it, and print it (the why-symmetric-keys lesson).</translation>
        </message>
        <message>
            <source>Open the window in presentation mode (F5 toggles it, Esc leaves).</source>
            <translation>Open the window in presentation mode (F5 toggles it, Esc leaves).</translation>
        </message>
        <message>
            <source>Open the window on a live connection between tcpviz's engine and this computer's Linux kernel, drawn as it happens (needs root).</source>
            <translation>Open the window on a live connection between tcpviz's engine and this computer's Linux kernel, drawn as it happens (needs root).</translation>
        </message>
        <message>
            <source>Print the version and exit.</source>
            <translation>Print the version and exit.</translation>
        </message>
        <message>
            <source>RSA-2048 decryption of %1 bytes</source>
            <translation>RSA-2048 decryption of %1 bytes</translation>
        </message>
        <message>
            <source>RSA-2048 signature</source>
            <translation>RSA-2048 signature</translation>
        </message>
        <message>
            <source>Scale of PNG exports (1 to 8).</source>
            <translation>Scale of PNG exports (1 to 8).</translation>
        </message>
        <message>
            <source>Scenario to export: a built-in id, a file, or a capture.</source>
            <translation>Scenario to export: a built-in id, a file, or a capture.</translation>
        </message>
        <message>
            <source>Segment labels: textbook, relative, absolute or rfc.</source>
            <translation>Segment labels: textbook, relative, absolute or rfc.</translation>
        </message>
        <message>
            <source>Show this help and exit.</source>
            <translation>Show this help and exit.</translation>
        </message>
        <message>
            <source>Simulate scenario S, or read capture S (.pcap, .pcapng), and print its trace.</source>
            <translation>Simulate scenario S, or read capture S (.pcap, .pcapng), and print its trace.</translation>
        </message>
        <message>
            <source>Simulate scenario S, or read capture S, and list its connections, one per line: id, a's address:port, b's address:port, a's first and last state, b's first and last state, segments (tab-separated).</source>
            <translation>Simulate scenario S, or read capture S, and list its connections, one per line: id, a's address:port, b's address:port, a's first and last state, b's first and last state, segments (tab-separated).</translation>
        </message>
        <message>
            <source>Simulate scenario S, or read capture S, and print its quiz: each question, before the step that answers it, with its choices, the right one and why (--format json for a program).</source>
            <translation>Simulate scenario S, or read capture S, and print its quiz: each question, before the step that answers it, with its choices, the right one and why (--format json for a program).</translation>
        </message>
        <message>
            <source>Trace format for --print-trace: rfc, json or csv.</source>
            <translation>Trace format for --print-trace: rfc, json or csv.</translation>
        </message>
        <message>
            <source>What to export: sequence, state, both, cwnd (the congestion window), tsg (the time–sequence graph), sockets (a scenario of hosts: its sockets per state over time) or side-by-side (a lesson's ways of making one request, on one time axis: handshake-rtts).</source>
            <translation>What to export: sequence, state, both, cwnd (the congestion window), tsg (the time–sequence graph), sockets (a scenario of hosts: its sockets per state over time) or side-by-side (a lesson's ways of making one request, on one time axis: handshake-rtts).</translation>
        </message>
        <message>
            <source>With --print-trace or --export: only connection ID of a scenario of hosts or of a capture (--list-connections lists them).</source>
            <translation>With --print-trace or --export: only connection ID of a scenario of hosts or of a capture (--list-connections lists them).</translation>
        </message>
        <message>
            <source>With --view side-by-side: the runs drawn, in this order, by their clients' host names, separated by commas (by default every run).</source>
            <translation>With --view side-by-side: the runs drawn, in this order, by their clients' host names, separated by commas (by default every run).</translation>
        </message>
        <message>
            <source>With --view sockets: the host whose sockets are drawn (a name from the scenario's "hosts"; by default the one the lesson is about).</source>
            <translation>With --view sockets: the host whose sockets are drawn (a name from the scenario's "hosts"; by default the one the lesson is about).</translation>
        </message>
        <message>
            <source>X25519 key agreement, once a handshake</source>
            <translation>X25519 key agreement, once a handshake</translation>
        </message>
        <message>
            <source>cannot export '%1': %2</source>
            <translation>cannot export '%1': %2</translation>
        </message>
        <message>
            <source>cannot export '%1': %2 is a capture already; open it in Wireshark as it is</source>
            <translation>cannot export '%1': %2 is a capture already; open it in Wireshark as it is</translation>
        </message>
        <message>
            <source>cannot export '%1': %2 speaks no TLS, so it has no keys to log</source>
            <translation>cannot export '%1': %2 speaks no TLS, so it has no keys to log</translation>
        </message>
        <message>
            <source>cannot export '%1': unknown extension (use png, svg, pdf, dot, txt, json, csv, pcapng or log)</source>
            <translation>cannot export '%1': unknown extension (use png, svg, pdf, dot, txt, json, csv, pcapng or log)</translation>
        </message>
        <message>
            <source>cannot write the trace: %1</source>
            <translation>cannot write the trace: %1</translation>
        </message>
        <message>
            <source>invalid value '%1' for --%2 (expected %3)</source>
            <translation>invalid value '%1' for --%2 (expected %3)</translation>
        </message>
        <message>
            <source>invalid value '%1' for --connection (expected a connection id, a whole number from 0)</source>
            <translation>invalid value '%1' for --connection (expected a connection id, a whole number from 0)</translation>
        </message>
        <message>
            <source>invalid value '%1' for --runs (expected host names separated by commas)</source>
            <translation>invalid value '%1' for --runs (expected host names separated by commas)</translation>
        </message>
        <message>
            <source>invalid value '%1' for --scale (expected a number from 1 to 8)</source>
            <translation>invalid value '%1' for --scale (expected a number from 1 to 8)</translation>
        </message>
        <message>
            <source>invalid value '%1' for --step (expected a whole number from 0)</source>
            <translation>invalid value '%1' for --step (expected a whole number from 0)</translation>
        </message>
        <message>
            <source>no host '%1' in %2; its hosts: %3</source>
            <translation>no host '%1' in %2; its hosts: %3</translation>
        </message>
        <message>
            <source>no run '%1' in %2; its runs: %3</source>
            <translation>no run '%1' in %2; its runs: %3</translation>
        </message>
        <message>
            <source>note: %1</source>
            <translation>note: %1</translation>
        </message>
        <message>
            <source>out of memory: the machine has too little free memory for this scenario</source>
            <translation>out of memory: the machine has too little free memory for this scenario</translation>
        </message>
        <message>
            <source>tcpviz — watch TCP work, segment by segment (RFC 9293).</source>
            <translation>tcpviz — watch TCP work, segment by segment (RFC 9293).</translation>
        </message>
        <message>
            <source>too many arguments: %1</source>
            <translation>too many arguments: %1</translation>
        </message>
        <message>
            <source>try 'tcpviz --help'</source>
            <translation>try 'tcpviz --help'</translation>
        </message>
        <message>
            <source>unknown scenario '%1': not a built-in scenario id or a file (tcpviz --list-scenarios lists the built-in ones)</source>
            <translation>unknown scenario '%1': not a built-in scenario id or a file (tcpviz --list-scenarios lists the built-in ones)</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::CapacityPanel</name>
        <message>
            <source>&amp;Client addresses:</source>
            <translation>&amp;Client addresses:</translation>
        </message>
        <message>
            <source>&amp;Descriptors (ulimit -n):</source>
            <translation>&amp;Descriptors (ulimit -n):</translation>
        </message>
        <message>
            <source>4-tuples (client addresses 2^32 × client ports 2^16, per server socket): %1</source>
            <translation>4-tuples (client addresses 2^32 × client ports 2^16, per server socket): %1</translation>
        </message>
        <message>
            <source>A connection is its 4-tuple: the server's address and port, and the client's. How many can this server hold?</source>
            <translation>A connection is its 4-tuple: the server's address and port, and the client's. How many can this server hold?</translation>
        </message>
        <message>
            <source>An assumption to set: measure it on your machine (slabtop: TCP, sock_inode_cache, and the buffers the connections hold).</source>
            <translation>An assumption to set: measure it on your machine (slabtop: TCP, sock_inode_cache, and the buffers the connections hold).</translation>
        </message>
        <message>
            <source>At most %1 connections; the limit is %2.</source>
            <translation>At most %1 connections; the limit is %2.</translation>
        </message>
        <message>
            <source>Client &amp;ephemeral ports:</source>
            <translation>Client &amp;ephemeral ports:</translation>
        </message>
        <message>
            <source>Client addresses × ephemeral ports, per server socket: %1</source>
            <translation>Client addresses × ephemeral ports, per server socket: %1</translation>
        </message>
        <message>
            <source>Descriptors (ulimit -n × processes, less the listeners): %1</source>
            <translation>Descriptors (ulimit -n × processes, less the listeners): %1</translation>
        </message>
        <message>
            <source>Kernel &amp;memory (GiB):</source>
            <translation>Kernel &amp;memory (GiB):</translation>
        </message>
        <message>
            <source>Kernel memory ÷ memory per connection: %1</source>
            <translation>Kernel memory ÷ memory per connection: %1</translation>
        </message>
        <message>
            <source>Memory per &amp;idle connection (KiB):</source>
            <translation>Memory per &amp;idle connection (KiB):</translation>
        </message>
        <message>
            <source>Server &amp;addresses:</source>
            <translation>Server &amp;addresses:</translation>
        </message>
        <message>
            <source>Server &amp;ports:</source>
            <translation>Server &amp;ports:</translation>
        </message>
        <message>
            <source>Server p&amp;rocesses:</source>
            <translation>Server p&amp;rocesses:</translation>
        </message>
        <message>
            <source>file descriptors: raise ulimit -n (and fs.file-max)</source>
            <translation>file descriptors: raise ulimit -n (and fs.file-max)</translation>
        </message>
        <message>
            <source>memory</source>
            <translation>memory</translation>
        </message>
        <message>
            <source>the 4-tuple itself</source>
            <translation>the 4-tuple itself</translation>
        </message>
        <message>
            <source>the clients' addresses and ports</source>
            <translation>the clients' addresses and ports</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::CaptureConnectionsModel</name>
        <message>
            <source>#</source>
            <translation>#</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>%1 → %2</source>
            <translation>%1 → %2</translation>
        </message>
        <message>
            <source>A (sent the SYN)</source>
            <translation>A (sent the SYN)</translation>
        </message>
        <message>
            <source>A's states</source>
            <translation>A's states</translation>
        </message>
        <message>
            <source>B</source>
            <translation>B</translation>
        </message>
        <message>
            <source>B's states</source>
            <translation>B's states</translation>
        </message>
        <message>
            <source>Completeness</source>
            <translation>Completeness</translation>
        </message>
        <message>
            <source>Segments</source>
            <translation>Segments</translation>
        </message>
        <message>
            <source>complete (%1)</source>
            <translation>complete (%1)</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::CapturePanel</name>
        <message numerus="yes">
            <source>%n TCP connections in %1 packets. Double-click one to show it.</source>
            <translation>
                <numerusform>%n TCP connection in %1 packets. Double-click it to show it.</numerusform>
                <numerusform>%n TCP connections in %1 packets. Double-click one to show it.</numerusform>
            </translation>
        </message>
        <message>
            <source>Make a lesson of the connection shown, which the engine replays and you can change</source>
            <translation>Make a lesson of the connection shown, which the engine replays and you can change</translation>
        </message>
        <message>
            <source>Turn into a lesson</source>
            <translation>Turn into a lesson</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::CongestionPlot</name>
        <message>
            <source>%1 (off the top: %2)</source>
            <translation>%1 (off the top: %2)</translation>
        </message>
        <message>
            <source>%1 sends nothing.</source>
            <translation>%1 sends nothing.</translation>
        </message>
        <message>
            <source>Bytes</source>
            <translation>Bytes</translation>
        </message>
        <message>
            <source>Bytes in flight of %1, without congestion control</source>
            <translation>Bytes in flight of %1, without congestion control</translation>
        </message>
        <message>
            <source>Congestion window of %1 — %2</source>
            <translation>Congestion window of %1 — %2</translation>
        </message>
        <message>
            <source>bytes in flight</source>
            <translation>bytes in flight</translation>
        </message>
        <message>
            <source>cwnd</source>
            <translation>cwnd</translation>
        </message>
        <message>
            <source>peer's window</source>
            <translation>peer's window</translation>
        </message>
        <message>
            <source>ssthresh</source>
            <translation>ssthresh</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::CoursePanel</name>
        <message>
            <source>%1 / %2</source>
            <translation>%1 / %2</translation>
        </message>
        <message>
            <source>1. The TCP header</source>
            <translation>1. The TCP header</translation>
        </message>
        <message>
            <source>10. The HTTPS handshake and certificates</source>
            <translation>10. The HTTPS handshake and certificates</translation>
        </message>
        <message>
            <source>11. How many connections a server can hold</source>
            <translation>11. How many connections a server can hold</translation>
        </message>
        <message>
            <source>2. The three-way handshake</source>
            <translation>2. The three-way handshake</translation>
        </message>
        <message>
            <source>3. The four-way teardown</source>
            <translation>3. The four-way teardown</translation>
        </message>
        <message>
            <source>4. The state machine</source>
            <translation>4. The state machine</translation>
        </message>
        <message>
            <source>5. The TCB</source>
            <translation>5. The TCB</translation>
        </message>
        <message>
            <source>6. 2MSL and what TIME-WAIT is for</source>
            <translation>6. 2MSL and what TIME-WAIT is for</translation>
        </message>
        <message>
            <source>7. Why three handshakes, and what if the last ACK is lost</source>
            <translation>7. Why three handshakes, and what if the last ACK is lost</translation>
        </message>
        <message>
            <source>8. Many CLOSE-WAIT and TIME-WAIT connections in production</source>
            <translation>8. Many CLOSE-WAIT and TIME-WAIT connections in production</translation>
        </message>
        <message>
            <source>9. HTTP/2 and QUIC</source>
            <translation>9. HTTP/2 and QUIC</translation>
        </message>
        <message>
            <source>A connection is named by four numbers, so a server's one port can hold far more than 65,535. What limits it is memory, file descriptors, the accept queue and, under attack, the SYN queue.</source>
            <translation>A connection is named by four numbers, so a server's one port can hold far more than 65,535. What limits it is memory, file descriptors, the accept queue and, under attack, the SYN queue.</translation>
        </message>
        <message>
            <source>A program that never calls close() leaves its sockets in CLOSE-WAIT; a client making short connections piles up TIME-WAIT until it runs out of ports. Each has its cure, and its bad cure.</source>
            <translation>A program that never calls close() leaves its sockets in CLOSE-WAIT; a client making short connections piles up TIME-WAIT until it runs out of ports. Each has its cure, and its bad cure.</translation>
        </message>
        <message>
            <source>Chapter and lessons</source>
            <translation>Chapter and lessons</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>Each direction is closed on its own: a FIN and its ACK each way. The side that closes first ends in TIME-WAIT; the other passes through CLOSE-WAIT and LAST-ACK.</source>
            <translation>Each direction is closed on its own: a FIN and its ACK each way. The side that closes first ends in TIME-WAIT; the other passes through CLOSE-WAIT and LAST-ACK.</translation>
        </message>
        <message>
            <source>Every segment carries ports, a sequence number, an acknowledgment number, flags and a window. Click a segment and the inspector shows its header in 32-bit rows: the SYN's MSS option, the window that paces a sender, the RST that ends a connection.</source>
            <translation>Every segment carries ports, a sequence number, an acknowledgment number, flags and a window. Click a segment and the inspector shows its header in 32-bit rows: the SYN's MSS option, the window that paces a sender, the RST that ends a connection.</translation>
        </message>
        <message>
            <source>HTTP/2 sends many requests at once on one connection, but one lost TCP segment stalls them all. QUIC moves the streams into UDP, where a loss stalls only its own stream, and folds TLS into its handshake.</source>
            <translation>HTTP/2 sends many requests at once on one connection, but one lost TCP segment stalls them all. QUIC moves the streams into UDP, where a loss stalls only its own stream, and folds TLS into its handshake.</translation>
        </message>
        <message>
            <source>Open with the quiz</source>
            <translation>Open with the quiz</translation>
        </message>
        <message>
            <source>Pick a chapter: it says what it is about and opens its lessons in order.</source>
            <translation>Pick a chapter: it says what it is about and opens its lessons in order.</translation>
        </message>
        <message>
            <source>Quiz: %1 of %2 right</source>
            <translation>Quiz: %1 of %2 right</translation>
        </message>
        <message>
            <source>RFC 9293's Figure 5: eleven states and the events that move a connection between them. The RFC's own figures, replayed segment by segment.</source>
            <translation>RFC 9293's Figure 5: eleven states and the events that move a connection between them. The RFC's own figures, replayed segment by segment.</translation>
        </message>
        <message>
            <source>TIME-WAIT waits twice the maximum segment lifetime, so that a lost last ACK can be sent again and old duplicates of this connection die out before a new one takes its ports.</source>
            <translation>TIME-WAIT waits twice the maximum segment lifetime, so that a lost last ACK can be sent again and old duplicates of this connection die out before a new one takes its ports.</translation>
        </message>
        <message>
            <source>TLS agrees on keys with public-key work, checks the server's certificate chain, and then encrypts with symmetric keys, which are thousands of times faster. TLS 1.3 needs one round trip, TLS 1.2 two.</source>
            <translation>TLS agrees on keys with public-key work, checks the server's certificate chain, and then encrypts with symmetric keys, which are thousands of times faster. TLS 1.3 needs one round trip, TLS 1.2 two.</translation>
        </message>
        <message>
            <source>The Transmission Control Block holds what a connection remembers: SND.UNA, SND.NXT, SND.WND, RCV.NXT, RCV.WND, the timers. The inspector shows both sides' at the cursor; watch them move as data flows.</source>
            <translation>The Transmission Control Block holds what a connection remembers: SND.UNA, SND.NXT, SND.WND, RCV.NXT, RCV.WND, the timers. The inspector shows both sides' at the cursor; watch them move as data flows.</translation>
        </message>
        <message>
            <source>The client's SYN carries its starting number x; the server's SYN,ACK carries its own y and acknowledges x+1; the client's ACK acknowledges y+1. Both sides then know the other's number.</source>
            <translation>The client's SYN carries its starting number x; the server's SYN,ACK carries its own y and acknowledges x+1; the client's ACK acknowledges y+1. Both sides then know the other's number.</translation>
        </message>
        <message>
            <source>Two would let an old duplicate SYN open a connection nobody asked for, and would leave the server unsure that its own number arrived. When the last ACK is lost, the server's timer sends its SYN,ACK again.</source>
            <translation>Two would let an old duplicate SYN open a connection nobody asked for, and would leave the server unsure that its own number arrived. When the last ACK is lost, the server's timer sends its SYN,ACK again.</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::EventLogModel</name>
        <message>
            <source>%1 → %2</source>
            <translation>%1 → %2</translation>
        </message>
        <message>
            <source>Endpoint</source>
            <translation>Endpoint</translation>
        </message>
        <message>
            <source>Segment</source>
            <translation>Segment</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>Step</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>What happened</source>
            <translation>What happened</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::ExportDialog</name>
        <message>
            <source>&amp;Format:</source>
            <translation>&amp;Format:</translation>
        </message>
        <message>
            <source>&amp;View:</source>
            <translation>&amp;View:</translation>
        </message>
        <message>
            <source>A key under the figure: arrows, tags, lost segments, timers and state colours. Edit → Copy diagram follows this choice too.</source>
            <translation>A key under the figure: arrows, tags, lost segments, timers and state colours. Edit → Copy diagram follows this choice too.</translation>
        </message>
        <message>
            <source>Both, side by side</source>
            <translation>Both, side by side</translation>
        </message>
        <message>
            <source>Cannot export “%1”: %2</source>
            <translation>Cannot export “%1”: %2</translation>
        </message>
        <message>
            <source>Cannot export “%1”: this is a capture already</source>
            <translation>Cannot export “%1”: this is a capture already</translation>
        </message>
        <message>
            <source>Capture for Wireshark (pcapng)</source>
            <translation>Capture for Wireshark (pcapng)</translation>
        </message>
        <message>
            <source>Captures (*.pcapng)</source>
            <translation>Captures (*.pcapng)</translation>
        </message>
        <message>
            <source>Congestion window plot</source>
            <translation>Congestion window plot</translation>
        </message>
        <message>
            <source>Export Diagram</source>
            <translation>Export Diagram</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>Export…</translation>
        </message>
        <message>
            <source>Host chart</source>
            <translation>Host chart</translation>
        </message>
        <message>
            <source>Legend (what the marks mean)</source>
            <translation>Legend (what the marks mean)</translation>
        </message>
        <message>
            <source>PDF document</source>
            <translation>PDF document</translation>
        </message>
        <message>
            <source>PDF documents (*.pdf)</source>
            <translation>PDF documents (*.pdf)</translation>
        </message>
        <message>
            <source>PNG &amp;scale:</source>
            <translation>PNG &amp;scale:</translation>
        </message>
        <message>
            <source>PNG image</source>
            <translation>PNG image</translation>
        </message>
        <message>
            <source>PNG images (*.png)</source>
            <translation>PNG images (*.png)</translation>
        </message>
        <message>
            <source>Range:</source>
            <translation>Range:</translation>
        </message>
        <message>
            <source>Runs side by side</source>
            <translation>Runs side by side</translation>
        </message>
        <message>
            <source>SVG drawing</source>
            <translation>SVG drawing</translation>
        </message>
        <message>
            <source>SVG drawings (*.svg)</source>
            <translation>SVG drawings (*.svg)</translation>
        </message>
        <message>
            <source>Sequence diagram</source>
            <translation>Sequence diagram</translation>
        </message>
        <message>
            <source>State diagram</source>
            <translation>State diagram</translation>
        </message>
        <message>
            <source>This is a capture already: open its file in Wireshark as it is.</source>
            <translation>This is a capture already: open its file in Wireshark as it is.</translation>
        </message>
        <message>
            <source>Time–sequence graph</source>
            <translation>Time–sequence graph</translation>
        </message>
        <message>
            <source>Title (the scenario's name)</source>
            <translation>Title (the scenario's name)</translation>
        </message>
        <message>
            <source>Transparent background</source>
            <translation>Transparent background</translation>
        </message>
        <message>
            <source>Up to the current step</source>
            <translation>Up to the current step</translation>
        </message>
        <message>
            <source>Whole trace</source>
            <translation>Whole trace</translation>
        </message>
        <message>
            <source>×</source>
            <translation>×</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::ExportScenes</name>
        <message>
            <source>The same request over one link, %1 each way</source>
            <translation>The same request over one link, %1 each way</translation>
        </message>
        <message>
            <source>The same request over one link, %1 each way, %2 % lost</source>
            <translation>The same request over one link, %1 each way, %2 % lost</translation>
        </message>
        <message>
            <source>the host chart shows a lesson of hosts (tcpviz-scenario/2); this lesson has two endpoints</source>
            <translation>the host chart shows a lesson of hosts (tcpviz-scenario/2); this lesson has two endpoints</translation>
        </message>
        <message>
            <source>the sequence diagram would draw %1 segments, more than the %2 a figure may have: export it at an earlier step, or export the trace as text (txt, json or csv)</source>
            <translation>the sequence diagram would draw %1 segments, more than the %2 a figure may have: export it at an earlier step, or export the trace as text (txt, json or csv)</translation>
        </message>
        <message>
            <source>the side-by-side view compares a lesson's clients making one request in different ways (handshake-rtts); this lesson has no such runs</source>
            <translation>the side-by-side view compares a lesson's clients making one request in different ways (handshake-rtts); this lesson has no such runs</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::Exporter</name>
        <message>
            <source>cannot write %1: %2</source>
            <translation>cannot write %1: %2</translation>
        </message>
        <message>
            <source>not enough memory for a picture %1 pixels wide</source>
            <translation>not enough memory for a picture %1 pixels wide</translation>
        </message>
        <message>
            <source>the disk is full (%1)</source>
            <translation>the disk is full (%1)</translation>
        </message>
        <message>
            <source>the picture is empty</source>
            <translation>the picture is empty</translation>
        </message>
        <message>
            <source>the picture would be %1×%2 pixels, more than %3 million: choose a smaller scale</source>
            <translation>the picture would be %1×%2 pixels, more than %3 million: choose a smaller scale</translation>
        </message>
        <message>
            <source>the picture would be %1×%2 pixels, wider than %3: choose a smaller scale</source>
            <translation>the picture would be %1×%2 pixels, wider than %3: choose a smaller scale</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::HeaderDiagram</name>
        <message>
            <source>Acknowledgment Number</source>
            <translation>Acknowledgment Number</translation>
        </message>
        <message>
            <source>Checksum</source>
            <translation>Checksum</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>Data</translation>
        </message>
        <message>
            <source>Data Offset</source>
            <translation>Data Offset</translation>
        </message>
        <message>
            <source>Destination Port</source>
            <translation>Destination Port</translation>
        </message>
        <message>
            <source>Flags</source>
            <translation>Flags</translation>
        </message>
        <message>
            <source>Length</source>
            <translation>Length</translation>
        </message>
        <message>
            <source>Options</source>
            <translation>Options</translation>
        </message>
        <message>
            <source>Rsrvd</source>
            <translation>Rsrvd</translation>
        </message>
        <message>
            <source>Sequence Number</source>
            <translation>Sequence Number</translation>
        </message>
        <message>
            <source>Source Port</source>
            <translation>Source Port</translation>
        </message>
        <message>
            <source>Urgent Pointer</source>
            <translation>Urgent Pointer</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>Window</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::HostChart</name>
        <message>
            <source>&amp;Host:</source>
            <translation>&amp;Host:</translation>
        </message>
        <message>
            <source>No lesson of hosts is open.</source>
            <translation>No lesson of hosts is open.</translation>
        </message>
        <message>
            <source>SYN dropped</source>
            <translation>SYN dropped</translation>
        </message>
        <message>
            <source>SYN refused (RST)</source>
            <translation>SYN refused (RST)</translation>
        </message>
        <message>
            <source>Sockets of %1 (%2) per state</source>
            <translation>Sockets of %1 (%2) per state</translation>
        </message>
        <message>
            <source>Sockets per state: open a lesson of hosts</source>
            <translation>Sockets per state: open a lesson of hosts</translation>
        </message>
        <message>
            <source>This host holds no TCP connection.</source>
            <translation>This host holds no TCP connection.</translation>
        </message>
        <message>
            <source>accept() failed</source>
            <translation>accept() failed</translation>
        </message>
        <message>
            <source>connect() failed</source>
            <translation>connect() failed</translation>
        </message>
        <message>
            <source>descriptor limit (ulimit -n): %1</source>
            <translation>descriptor limit (ulimit -n): %1</translation>
        </message>
        <message>
            <source>ephemeral ports %1–%2: %3</source>
            <translation>ephemeral ports %1–%2: %3</translation>
        </message>
        <message>
            <source>listen() failed</source>
            <translation>listen() failed</translation>
        </message>
        <message>
            <source>listening again</source>
            <translation>listening again</translation>
        </message>
        <message>
            <source>server stopped</source>
            <translation>server stopped</translation>
        </message>
        <message>
            <source>sockets</source>
            <translation>sockets</translation>
        </message>
        <message>
            <source>time (s)</source>
            <translation>time (s)</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::LegendScene</name>
        <message>
            <source>%1 (A) is in this state</source>
            <translation>%1 (A) is in this state</translation>
        </message>
        <message>
            <source>%1 (B) is in this state</source>
            <translation>%1 (B) is in this state</translation>
        </message>
        <message>
            <source>TIME-WAIT timer</source>
            <translation>TIME-WAIT timer</translation>
        </message>
        <message>
            <source>a copy the network made</source>
            <translation>a copy the network made</translation>
        </message>
        <message>
            <source>a duplicate ACK, counted by the sender</source>
            <translation>a duplicate ACK, counted by the sender</translation>
        </message>
        <message>
            <source>a timer expired</source>
            <translation>a timer expired</translation>
        </message>
        <message>
            <source>lost on the way</source>
            <translation>lost on the way</translation>
        </message>
        <message>
            <source>retransmission timer (pale: stopped in time)</source>
            <translation>retransmission timer (pale: stopped in time)</translation>
        </message>
        <message>
            <source>segment, from sender to receiver</source>
            <translation>segment, from sender to receiver</translation>
        </message>
        <message>
            <source>sent again after a timeout</source>
            <translation>sent again after a timeout</translation>
        </message>
        <message>
            <source>sent again at once: after three duplicate ACKs, or a partial ACK in fast recovery</source>
            <translation>sent again at once: after three duplicate ACKs, or a partial ACK in fast recovery</translation>
        </message>
        <message>
            <source>state entered: opening, established, active close, passive close, TIME-WAIT</source>
            <translation>state entered: opening, established, active close, passive close, TIME-WAIT</translation>
        </message>
        <message>
            <source>transitions taken so far</source>
            <translation>transitions taken so far</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::LessonDialog</name>
        <message>
            <source>&amp;Description:</source>
            <translation>&amp;Description:</translation>
        </message>
        <message>
            <source>&amp;Title:</source>
            <translation>&amp;Title:</translation>
        </message>
        <message>
            <source>Endpoint %1:</source>
            <translation>Endpoint %1:</translation>
        </message>
        <message>
            <source>Lesson</source>
            <translation>Lesson</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::LinkPanel</name>
        <message>
            <source> %</source>
            <translation> %</translation>
        </message>
        <message>
            <source> kbit/s</source>
            <translation> kbit/s</translation>
        </message>
        <message>
            <source> ms</source>
            <translation> ms</translation>
        </message>
        <message>
            <source>%1 uses bursty (Gilbert–Elliott) loss from the scenario file; edit the file to change it.</source>
            <translation>%1 uses bursty (Gilbert–Elliott) loss from the scenario file; edit the file to change it.</translation>
        </message>
        <message>
            <source>%1 → %2</source>
            <translation>%1 → %2</translation>
        </message>
        <message>
            <source>%1, %2</source>
            <translation>%1, %2</translation>
        </message>
        <message>
            <source>&amp;Bandwidth</source>
            <translation>&amp;Bandwidth</translation>
        </message>
        <message>
            <source>&amp;Jitter</source>
            <translation>&amp;Jitter</translation>
        </message>
        <message>
            <source>&amp;Loss</source>
            <translation>&amp;Loss</translation>
        </message>
        <message>
            <source>&amp;New seed</source>
            <translation>&amp;New seed</translation>
        </message>
        <message>
            <source>&amp;Same both ways</source>
            <translation>&amp;Same both ways</translation>
        </message>
        <message>
            <source>An extra delay chosen at random between 0 and this value for each segment; segments can then arrive out of order.</source>
            <translation>An extra delay chosen at random between 0 and this value for each segment; segments can then arrive out of order.</translation>
        </message>
        <message>
            <source>Both directions use bursty (Gilbert–Elliott) loss from the scenario file; edit the file to change it.</source>
            <translation>Both directions use bursty (Gilbert–Elliott) loss from the scenario file; edit the file to change it.</translation>
        </message>
        <message>
            <source>Copy each change of one direction to the other direction.</source>
            <translation>Copy each change of one direction to the other direction.</translation>
        </message>
        <message>
            <source>D&amp;uplication</source>
            <translation>D&amp;uplication</translation>
        </message>
        <message>
            <source>How long a segment takes to cross the network in this direction. The round-trip time is the sum of both directions' delays.</source>
            <translation>How long a segment takes to cross the network in this direction. The round-trip time is the sum of both directions' delays.</translation>
        </message>
        <message>
            <source>One-way &amp;delay</source>
            <translation>One-way &amp;delay</translation>
        </message>
        <message>
            <source>Pick another seed at random: the same link, another roll of the dice.</source>
            <translation>Pick another seed at random: the same link, another roll of the dice.</translation>
        </message>
        <message>
            <source>S&amp;eed</source>
            <translation>S&amp;eed</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>Seed</translation>
        </message>
        <message>
            <source>The chance that the network delivers a segment twice. The receiver recognises the copy by its sequence number and discards it (RFC 9293 §3.10.7.4).</source>
            <translation>The chance that the network delivers a segment twice. The receiver recognises the copy by its sequence number and discards it (RFC 9293 §3.10.7.4).</translation>
        </message>
        <message>
            <source>The chance that the network loses a segment in this direction, independently for each segment. TCP recovers lost data by retransmitting it (RFC 9293 §3.8.1).</source>
            <translation>The chance that the network loses a segment in this direction, independently for each segment. TCP recovers lost data by retransmitting it (RFC 9293 §3.8.1).</translation>
        </message>
        <message>
            <source>The link's rate: segments queue up behind each other and a full queue drops them. 0: unlimited.</source>
            <translation>The link's rate: segments queue up behind each other and a full queue drops them. 0: unlimited.</translation>
        </message>
        <message>
            <source>The seed of the random numbers behind jitter, loss and duplication: the same seed replays exactly the same run, another seed gives another one.</source>
            <translation>The seed of the random numbers behind jitter, loss and duplication: the same seed replays exactly the same run, another seed gives another one.</translation>
        </message>
        <message>
            <source>This direction uses the bursty loss set in the scenario file.</source>
            <translation>This direction uses the bursty loss set in the scenario file.</translation>
        </message>
        <message>
            <source>unlimited</source>
            <translation>unlimited</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::MainWindow</name>
        <message>
            <source>%1 %</source>
            <translation>%1 %</translation>
        </message>
        <message>
            <source>%1[*] — tcpviz</source>
            <translation>%1[*] — tcpviz</translation>
        </message>
        <message>
            <source>%1×</source>
            <translation>%1×</translation>
        </message>
        <message>
            <source>&amp;%1 %2</source>
            <translation>&amp;%1 %2</translation>
        </message>
        <message>
            <source>&amp;About tcpviz</source>
            <translation>&amp;About tcpviz</translation>
        </message>
        <message>
            <source>&amp;Built-in scenarios</source>
            <translation>&amp;Built-in scenarios</translation>
        </message>
        <message>
            <source>&amp;Copy diagram</source>
            <translation>&amp;Copy diagram</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>&amp;Edit</translation>
        </message>
        <message>
            <source>&amp;Export…</source>
            <translation>&amp;Export…</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <source>&amp;Keyboard shortcuts</source>
            <translation>&amp;Keyboard shortcuts</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>&amp;Language</translation>
        </message>
        <message>
            <source>&amp;Lesson: title, description, names…</source>
            <translation>&amp;Lesson: title, description, names…</translation>
        </message>
        <message>
            <source>&amp;Notation</source>
            <translation>&amp;Notation</translation>
        </message>
        <message>
            <source>&amp;Open scenario…</source>
            <translation>&amp;Open scenario…</translation>
        </message>
        <message>
            <source>&amp;Playback</source>
            <translation>&amp;Playback</translation>
        </message>
        <message>
            <source>&amp;Presentation mode</source>
            <translation>&amp;Presentation mode</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Quit</translation>
        </message>
        <message>
            <source>&amp;Quiz: predict the next step</source>
            <translation>&amp;Quiz: predict the next step</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>&amp;Redo</translation>
        </message>
        <message>
            <source>&amp;Redo: %1</source>
            <translation>&amp;Redo: %1</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>&amp;Simulate again</source>
            <translation>&amp;Simulate again</translation>
        </message>
        <message>
            <source>&amp;Theme</source>
            <translation>&amp;Theme</translation>
        </message>
        <message>
            <source>&amp;Turn into a lesson</source>
            <translation>&amp;Turn into a lesson</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>&amp;Undo</translation>
        </message>
        <message>
            <source>&amp;Undo: %1</source>
            <translation>&amp;Undo: %1</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <source>&lt;h3&gt;tcpviz %1&lt;/h3&gt;&lt;p&gt;Watch TCP work, segment by segment: the connection states of RFC 9293 and the segments between two endpoints, for teaching and learning.&lt;/p&gt;&lt;p&gt;Licence: GNU General Public License, version 3 or later.&lt;/p&gt;&lt;p&gt;Built with Qt %2 and Boost.Graph.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;tcpviz %1&lt;/h3&gt;&lt;p&gt;Watch TCP work, segment by segment: the connection states of RFC 9293 and the segments between two endpoints, for teaching and learning.&lt;/p&gt;&lt;p&gt;Licence: GNU General Public License, version 3 or later.&lt;/p&gt;&lt;p&gt;Built with Qt %2 and Boost.Graph.&lt;/p&gt;</translation>
        </message>
        <message>
            <source>A lesson made from the capture: change it, drop a segment, or save it (File → Save As).</source>
            <translation>A lesson made from the capture: change it, drop a segment, or save it (File → Save As).</translation>
        </message>
        <message>
            <source>A only</source>
            <translation>A only</translation>
        </message>
        <message>
            <source>About &amp;Qt</source>
            <translation>About &amp;Qt</translation>
        </message>
        <message>
            <source>About tcpviz</source>
            <translation>About tcpviz</translation>
        </message>
        <message>
            <source>Absolute (seq=100)</source>
            <translation>Absolute (seq=100)</translation>
        </message>
        <message>
            <source>Also draw the transitions that Figure 5 leaves to its notes and the text</source>
            <translation>Also draw the transitions that Figure 5 leaves to its notes and the text</translation>
        </message>
        <message>
            <source>Answer first: click a choice or press 1–4 (or skip it)</source>
            <translation>Answer first: click a choice or press 1–4 (or skip it)</translation>
        </message>
        <message>
            <source>B only</source>
            <translation>B only</translation>
        </message>
        <message>
            <source>BSD state names (SYN_SENT)</source>
            <translation>BSD state names (SYN_SENT)</translation>
        </message>
        <message>
            <source>Back to the start (Home)</source>
            <translation>Back to the start (Home)</translation>
        </message>
        <message>
            <source>Before each step, a question about what it does (Q)</source>
            <translation>Before each step, a question about what it does (Q)</translation>
        </message>
        <message>
            <source>Blank the screen</source>
            <translation>Blank the screen</translation>
        </message>
        <message>
            <source>Blank the screen while presenting</source>
            <translation>Blank the screen while presenting</translation>
        </message>
        <message>
            <source>Both</source>
            <translation>Both</translation>
        </message>
        <message>
            <source>By event</source>
            <translation>By event</translation>
        </message>
        <message>
            <source>By segment</source>
            <translation>By segment</translation>
        </message>
        <message>
            <source>Cannot open the scenario</source>
            <translation>Cannot open the scenario</translation>
        </message>
        <message>
            <source>Cannot save the scenario</source>
            <translation>Cannot save the scenario</translation>
        </message>
        <message>
            <source>Clear the list</source>
            <translation>Clear the list</translation>
        </message>
        <message>
            <source>Congestion window</source>
            <translation>Congestion window</translation>
        </message>
        <message>
            <source>Connection calculator</source>
            <translation>Connection calculator</translation>
        </message>
        <message>
            <source>Connections</source>
            <translation>Connections</translation>
        </message>
        <message>
            <source>Copy diagram</source>
            <translation>Copy diagram</translation>
        </message>
        <message>
            <source>Copy the diagram</source>
            <translation>Copy the diagram</translation>
        </message>
        <message>
            <source>Course</source>
            <translation>Course</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>Dark</translation>
        </message>
        <message>
            <source>Draw each endpoint on the other side, the client on the right: its names, addresses, calls and faults go with it</source>
            <translation>Draw each endpoint on the other side, the client on the right: its names, addresses, calls and faults go with it</translation>
        </message>
        <message>
            <source>Drop next segment</source>
            <translation>Drop next segment</translation>
        </message>
        <message>
            <source>Drop the next segment</source>
            <translation>Drop the next segment</translation>
        </message>
        <message>
            <source>Edit the lesson</source>
            <translation>Edit the lesson</translation>
        </message>
        <message>
            <source>Event log</source>
            <translation>Event log</translation>
        </message>
        <message>
            <source>Export the diagram</source>
            <translation>Export the diagram</translation>
        </message>
        <message>
            <source>First</source>
            <translation>First</translation>
        </message>
        <message>
            <source>Fit page</source>
            <translation>Fit page</translation>
        </message>
        <message>
            <source>Fit width</source>
            <translation>Fit width</translation>
        </message>
        <message>
            <source>Follow the system</source>
            <translation>Follow the system</translation>
        </message>
        <message>
            <source>Full screen with the two diagrams side by side (F5; Esc leaves)</source>
            <translation>Full screen with the two diagrams side by side (F5; Esc leaves)</translation>
        </message>
        <message>
            <source>High contrast (for projectors)</source>
            <translation>High contrast (for projectors)</translation>
        </message>
        <message>
            <source>Host chart</source>
            <translation>Host chart</translation>
        </message>
        <message>
            <source>Key</source>
            <translation>Key</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>Keyboard shortcuts</translation>
        </message>
        <message>
            <source>Labels </source>
            <translation>Labels </translation>
        </message>
        <message>
            <source>Last</source>
            <translation>Last</translation>
        </message>
        <message>
            <source>Laying out the diagram…</source>
            <translation>Laying out the diagram…</translation>
        </message>
        <message>
            <source>Leave presentation mode</source>
            <translation>Leave presentation mode</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>Light</translation>
        </message>
        <message>
            <source>Link</source>
            <translation>Link</translation>
        </message>
        <message>
            <source>Live connection</source>
            <translation>Live connection</translation>
        </message>
        <message>
            <source>Live: tcpviz's engine (192.0.2.1) connects to this computer's Linux kernel (198.51.100.7) through a TUN device…</source>
            <translation>Live: tcpviz's engine (192.0.2.1) connects to this computer's Linux kernel (198.51.100.7) through a TUN device…</translation>
        </message>
        <message>
            <source>Make a lesson of the capture's connection shown: its numbers, timing, data and losses, replayed by the engine and open to what-if edits</source>
            <translation>Make a lesson of the capture's connection shown: its numbers, timing, data and losses, replayed by the engine and open to what-if edits</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>Next</translation>
        </message>
        <message>
            <source>Next step</source>
            <translation>Next step</translation>
        </message>
        <message>
            <source>Next step (Right, Space, Page Down)</source>
            <translation>Next step (Right, Space, Page Down)</translation>
        </message>
        <message>
            <source>No recent files</source>
            <translation>No recent files</translation>
        </message>
        <message>
            <source>Normal (100 %)</source>
            <translation>Normal (100 %)</translation>
        </message>
        <message>
            <source>Nothing on the disk was changed; the edits are still here, not saved.</source>
            <translation>Nothing on the disk was changed; the edits are still here, not saved.</translation>
        </message>
        <message>
            <source>Nothing was copied: %1</source>
            <translation>Nothing was copied: %1</translation>
        </message>
        <message>
            <source>Open &amp;recent</source>
            <translation>Open &amp;recent</translation>
        </message>
        <message>
            <source>Open a scenario</source>
            <translation>Open a scenario</translation>
        </message>
        <message>
            <source>Open a scenario or a capture</source>
            <translation>Open a scenario or a capture</translation>
        </message>
        <message>
            <source>Opening %1: preparing the steps…</source>
            <translation>Opening %1: preparing the steps…</translation>
        </message>
        <message>
            <source>Opening %1: reading the capture, %2 packets so far…</source>
            <translation>Opening %1: reading the capture, %2 packets so far…</translation>
        </message>
        <message>
            <source>Opening %1: reading the file…</source>
            <translation>Opening %1: reading the file…</translation>
        </message>
        <message>
            <source>Opening %1: simulating, %2 events so far…</source>
            <translation>Opening %1: simulating, %2 events so far…</translation>
        </message>
        <message>
            <source>Opening %1: simulating…</source>
            <translation>Opening %1: simulating…</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>Pause</translation>
        </message>
        <message>
            <source>Pen while presenting: draw / wipe the ink</source>
            <translation>Pen while presenting: draw / wipe the ink</translation>
        </message>
        <message>
            <source>Pen: draw on the diagram</source>
            <translation>Pen: draw on the diagram</translation>
        </message>
        <message>
            <source>Placing the labels: %1 of %2…</source>
            <translation>Placing the labels: %1 of %2…</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>Play</translation>
        </message>
        <message>
            <source>Play or pause</source>
            <translation>Play or pause</translation>
        </message>
        <message>
            <source>Play or pause (P)</source>
            <translation>Play or pause (P)</translation>
        </message>
        <message>
            <source>Playback</source>
            <translation>Playback</translation>
        </message>
        <message>
            <source>Plots</source>
            <translation>Plots</translation>
        </message>
        <message>
            <source>Presentation mode</source>
            <translation>Presentation mode</translation>
        </message>
        <message>
            <source>Previous</source>
            <translation>Previous</translation>
        </message>
        <message>
            <source>Previous step</source>
            <translation>Previous step</translation>
        </message>
        <message>
            <source>Previous step (Left, Page Up)</source>
            <translation>Previous step (Left, Page Up)</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>Quiz</source>
            <translation>Quiz</translation>
        </message>
        <message>
            <source>Quiz mode / answer 1–4</source>
            <translation>Quiz mode / answer 1–4</translation>
        </message>
        <message>
            <source>RFC 9293 (&lt;SEQ=100&gt;)</source>
            <translation>RFC 9293 (&lt;SEQ=100&gt;)</translation>
        </message>
        <message>
            <source>Relative (seq=0)</source>
            <translation>Relative (seq=0)</translation>
        </message>
        <message>
            <source>Right-click an arrow or a lifeline in the diagram to ask “what if…?”.</source>
            <translation>Right-click an arrow or a lifeline in the diagram to ask “what if…?”.</translation>
        </message>
        <message>
            <source>S&amp;wap the two sides</source>
            <translation>S&amp;wap the two sides</translation>
        </message>
        <message>
            <source>Save &amp;as…</source>
            <translation>Save &amp;as…</translation>
        </message>
        <message>
            <source>Save the scenario</source>
            <translation>Save the scenario</translation>
        </message>
        <message>
            <source>Saved %1</source>
            <translation>Saved %1</translation>
        </message>
        <message>
            <source>Scenario description</source>
            <translation>Scenario description</translation>
        </message>
        <message>
            <source>Scenarios</source>
            <translation>Scenarios</translation>
        </message>
        <message>
            <source>Scenarios (*.json);;All files (*)</source>
            <translation>Scenarios (*.json);;All files (*)</translation>
        </message>
        <message>
            <source>Scenarios and captures (*.json *.pcap *.pcapng);;Scenarios (*.json);;Captures (*.pcap *.pcapng);;All files (*)</source>
            <translation>Scenarios and captures (*.json *.pcap *.pcapng);;Scenarios (*.json);;Captures (*.pcap *.pcapng);;All files (*)</translation>
        </message>
        <message>
            <source>Segment inspector</source>
            <translation>Segment inspector</translation>
        </message>
        <message>
            <source>Sequence diagram</source>
            <translation>Sequence diagram</translation>
        </message>
        <message>
            <source>Show extra edges</source>
            <translation>Show extra edges</translation>
        </message>
        <message>
            <source>Show later steps faded</source>
            <translation>Show later steps faded</translation>
        </message>
        <message>
            <source>Show timers</source>
            <translation>Show timers</translation>
        </message>
        <message>
            <source>Side by side</source>
            <translation>Side by side</translation>
        </message>
        <message>
            <source>Simulate again</source>
            <translation>Simulate again</translation>
        </message>
        <message>
            <source>Sockets</source>
            <translation>Sockets</translation>
        </message>
        <message>
            <source>Speed </source>
            <translation>Speed </translation>
        </message>
        <message>
            <source>State diagram</source>
            <translation>State diagram</translation>
        </message>
        <message>
            <source>State diagram &amp;shows</source>
            <translation>State diagram &amp;shows</translation>
        </message>
        <message>
            <source>Step %1 / %2</source>
            <translation>Step %1 / %2</translation>
        </message>
        <message>
            <source>Step 0000 / 0000</source>
            <translation>Step 0000 / 0000</translation>
        </message>
        <message>
            <source>Step by event</source>
            <translation>Step by event</translation>
        </message>
        <message>
            <source>Step by segment</source>
            <translation>Step by segment</translation>
        </message>
        <message>
            <source>Stop opening</source>
            <translation>Stop opening</translation>
        </message>
        <message>
            <source>Stop opening the file; the lesson shown stays (Esc)</source>
            <translation>Stop opening the file; the lesson shown stays (Esc)</translation>
        </message>
        <message>
            <source>Stopped opening %1; the lesson shown is unchanged.</source>
            <translation>Stopped opening %1; the lesson shown is unchanged.</translation>
        </message>
        <message>
            <source>Swap the two sides</source>
            <translation>Swap the two sides</translation>
        </message>
        <message>
            <source>TCP Visualizer</source>
            <translation>TCP Visualizer</translation>
        </message>
        <message>
            <source>Te&amp;xt size</source>
            <translation>Te&amp;xt size</translation>
        </message>
        <message>
            <source>Textbook (seq=x)</source>
            <translation>Textbook (seq=x)</translation>
        </message>
        <message>
            <source>The lesson's runs of one request on one time axis, with their round trips counted</source>
            <translation>The lesson's runs of one request on one time axis, with their round trips counted</translation>
        </message>
        <message>
            <source>The live connection has ended. Its frames are kept in %1, for tcpviz or Wireshark.</source>
            <translation>The live connection has ended. Its frames are kept in %1, for tcpviz or Wireshark.</translation>
        </message>
        <message>
            <source>The live connection needs root and /dev/net/tun: it makes a network namespace of its own and a TUN device in it. Run tcpviz --interop-demo as root.</source>
            <translation>The live connection needs root and /dev/net/tun: it makes a network namespace of its own and a TUN device in it. Run tcpviz --interop-demo as root.</translation>
        </message>
        <message>
            <source>The live connection stopped.</source>
            <translation>The live connection stopped.</translation>
        </message>
        <message>
            <source>Time–sequence</source>
            <translation>Time–sequence</translation>
        </message>
        <message>
            <source>To the end (End)</source>
            <translation>To the end (End)</translation>
        </message>
        <message>
            <source>To the start / to the end</source>
            <translation>To the start / to the end</translation>
        </message>
        <message>
            <source>Undo / redo an edit</source>
            <translation>Undo / redo an edit</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>Unsaved changes</translation>
        </message>
        <message>
            <source>View</source>
            <translation>View</translation>
        </message>
        <message>
            <source>What if it were lost? The segment of the next step is dropped instead of arriving, and that step is shown (Ctrl+D)</source>
            <translation>What if it were lost? The segment of the next step is dropped instead of arriving, and that step is shown (Ctrl+D)</translation>
        </message>
        <message>
            <source>What-if editing is off for a capture: it shows what happened (pick another connection in the Connections dock).</source>
            <translation>What-if editing is off for a capture: it shows what happened (pick another connection in the Connections dock).</translation>
        </message>
        <message>
            <source>What-if editing works on lessons of two endpoints; a lesson of hosts is shown as it is (pick another connection in the Sockets dock).</source>
            <translation>What-if editing works on lessons of two endpoints; a lesson of hosts is shown as it is (pick another connection in the Sockets dock).</translation>
        </message>
        <message>
            <source>Wipe the ink</source>
            <translation>Wipe the ink</translation>
        </message>
        <message>
            <source>Zoom in</source>
            <translation>Zoom in</translation>
        </message>
        <message>
            <source>Zoom in / out / fit width / fit page</source>
            <translation>Zoom in / out / fit width / fit page</translation>
        </message>
        <message>
            <source>Zoom out</source>
            <translation>Zoom out</translation>
        </message>
        <message>
            <source>t = %1</source>
            <translation>t = %1</translation>
        </message>
        <message>
            <source>“%1” has changes that are not saved. Save them first?</source>
            <translation>“%1” has changes that are not saved. Save them first?</translation>
        </message>
        <message>
            <source>“%1” is not there any more.</source>
            <translation>“%1” is not there any more.</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::PlotView</name>
        <message>
            <source>%1 → %2</source>
            <translation>%1 → %2</translation>
        </message>
        <message>
            <source>Sender:</source>
            <translation>Sender:</translation>
        </message>
        <message>
            <source>Time (s)</source>
            <translation>Time (s)</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::QuizPanel</name>
        <message numerus="yes">
            <source>%n s left to think</source>
            <translation>
                <numerusform>%n s left to think</numerusform>
                <numerusform>%n s left to think</numerusform>
            </translation>
        </message>
        <message>
            <source>Answer: %1. %2</source>
            <translation>Answer: %1. %2</translation>
        </message>
        <message>
            <source>Finding the questions…</source>
            <translation>Finding the questions…</translation>
        </message>
        <message>
            <source>Predict the next step</source>
            <translation>Predict the next step</translation>
        </message>
        <message>
            <source>Quiz mode is off: press Q to be asked before each step.</source>
            <translation>Quiz mode is off: press Q to be asked before each step.</translation>
        </message>
        <message>
            <source>Reveal the answer (→ or Space)</source>
            <translation>Reveal the answer (→ or Space)</translation>
        </message>
        <message>
            <source>Score: %1 of %2 in this lesson, %3 of %4 in all</source>
            <translation>Score: %1 of %2 in this lesson, %3 of %4 in all</translation>
        </message>
        <message>
            <source>Skip: show the answer</source>
            <translation>Skip: show the answer</translation>
        </message>
        <message>
            <source>Skipped. %1</source>
            <translation>Skipped. %1</translation>
        </message>
        <message>
            <source>Step on (→ or Space): the next question comes before the step it is about.</source>
            <translation>Step on (→ or Space): the next question comes before the step it is about.</translation>
        </message>
        <message>
            <source>This trace has nothing to ask about.</source>
            <translation>This trace has nothing to ask about.</translation>
        </message>
        <message>
            <source>Time is up: reveal the answer</source>
            <translation>Time is up: reveal the answer</translation>
        </message>
        <message>
            <source>✓ Right. %1</source>
            <translation>✓ Right. %1</translation>
        </message>
        <message>
            <source>✗ Not %1. %2</source>
            <translation>✗ Not %1. %2</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::QuizText</name>
        <message>
            <source>%1 %2 (%3).</source>
            <translation>%1 %2 (%3).</translation>
        </message>
        <message>
            <source>%1 goes from %2 to %3: %4 (%5).</source>
            <translation>%1 goes from %2 to %3: %4 (%5).</translation>
        </message>
        <message>
            <source>%1 sends %2 (%3).</source>
            <translation>%1 sends %2 (%3).</translation>
        </message>
        <message>
            <source>%1 sends a segment with %2 next. What are its seq and ack?</source>
            <translation>%1 sends a segment with %2 next. What are its seq and ack?</translation>
        </message>
        <message>
            <source>%1's %2 timer expires, %3 after it was set (%4).</source>
            <translation>%1's %2 timer expires, %3 after it was set (%4).</translation>
        </message>
        <message>
            <source>%1: seq is the number of its own next byte, ack the next byte it expects from its peer (%2).</source>
            <translation>%1: seq is the number of its own next byte, ack the next byte it expects from its peer (%2).</translation>
        </message>
        <message>
            <source>The next segment to reach %1 is one it cannot use as it comes. What does it do with it?</source>
            <translation>The next segment to reach %1 is one it cannot use as it comes. What does it do with it?</translation>
        </message>
        <message>
            <source>When the next segment reaches %1, which state does it enter?</source>
            <translation>When the next segment reaches %1, which state does it enter?</translation>
        </message>
        <message>
            <source>Which control bits does the next segment %1 sends set?</source>
            <translation>Which control bits does the next segment %1 sends set?</translation>
        </message>
        <message>
            <source>Which of %1's timers expires next, and how long after it was set?</source>
            <translation>Which of %1's timers expires next, and how long after it was set?</translation>
        </message>
        <message>
            <source>Which state does %1 enter next?</source>
            <translation>Which state does %1 enter next?</translation>
        </message>
        <message>
            <source>answers the SYN with a challenge ACK</source>
            <translation>answers the SYN with a challenge ACK</translation>
        </message>
        <message>
            <source>ignores the RST, which is not at the byte it expects next</source>
            <translation>ignores the RST, which is not at the byte it expects next</translation>
        </message>
        <message>
            <source>keeps it until the bytes before it come, and ACKs what it has so far</source>
            <translation>keeps it until the bytes before it come, and ACKs what it has so far</translation>
        </message>
        <message>
            <source>the %1 timer, %2 after it was set</source>
            <translation>the %1 timer, %2 after it was set</translation>
        </message>
        <message>
            <source>throws it away as outside its window, and sends an ACK</source>
            <translation>throws it away as outside its window, and sends an ACK</translation>
        </message>
        <message>
            <source>throws it away without a word</source>
            <translation>throws it away without a word</translation>
        </message>
        <message>
            <source>throws it away, since it ACKs bytes not sent yet, and sends an ACK</source>
            <translation>throws it away, since it ACKs bytes not sent yet, and sends an ACK</translation>
        </message>
        <message>
            <source>throws it away, since it has those bytes, and ACKs again</source>
            <translation>throws it away, since it has those bytes, and ACKs again</translation>
        </message>
        <message>
            <source>throws it away: its checksum is wrong</source>
            <translation>throws it away: its checksum is wrong</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::ScenarioBrowser</name>
        <message numerus="yes">
            <source>%n scenario(s)</source>
            <translation>
                <numerusform>%n scenario</numerusform>
                <numerusform>%n scenarios</numerusform>
            </translation>
        </message>
        <message>
            <source>&amp;Open</source>
            <translation>&amp;Open</translation>
        </message>
        <message>
            <source>Establishment</source>
            <translation>Establishment</translation>
        </message>
        <message>
            <source>Filter by title or id</source>
            <translation>Filter by title or id</translation>
        </message>
        <message>
            <source>Filter scenarios</source>
            <translation>Filter scenarios</translation>
        </message>
        <message>
            <source>Flow and congestion control</source>
            <translation>Flow and congestion control</translation>
        </message>
        <message>
            <source>HTTP/2: many streams, one connection</source>
            <translation>HTTP/2: many streams, one connection</translation>
        </message>
        <message>
            <source>HTTPS: TLS above TCP</source>
            <translation>HTTPS: TLS above TCP</translation>
        </message>
        <message>
            <source>Id: %1</source>
            <translation>Id: %1</translation>
        </message>
        <message>
            <source>Load the selected scenario (or double-click it, or press Enter)</source>
            <translation>Load the selected scenario (or double-click it, or press Enter)</translation>
        </message>
        <message>
            <source>Loss and retransmission</source>
            <translation>Loss and retransmission</translation>
        </message>
        <message>
            <source>Many connections</source>
            <translation>Many connections</translation>
        </message>
        <message>
            <source>No scenario matches “%1”.</source>
            <translation>No scenario matches “%1”.</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>QUIC and HTTP/3: TLS inside UDP</source>
            <translation>QUIC and HTTP/3: TLS inside UDP</translation>
        </message>
        <message>
            <source>RFC 9293 figures</source>
            <translation>RFC 9293 figures</translation>
        </message>
        <message>
            <source>Resets and failures</source>
            <translation>Resets and failures</translation>
        </message>
        <message>
            <source>Scenario description</source>
            <translation>Scenario description</translation>
        </message>
        <message>
            <source>Scenarios</source>
            <translation>Scenarios</translation>
        </message>
        <message>
            <source>Termination</source>
            <translation>Termination</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::ScenarioEditor</name>
        <message>
            <source>%1: %2 at %3</source>
            <translation>%1: %2 at %3</translation>
        </message>
        <message>
            <source>Change the link</source>
            <translation>Change the link</translation>
        </message>
        <message>
            <source>Delay %1 from %2 by %3</source>
            <translation>Delay %1 from %2 by %3</translation>
        </message>
        <message>
            <source>Drop %1 from %2</source>
            <translation>Drop %1 from %2</translation>
        </message>
        <message>
            <source>Duplicate %1 from %2</source>
            <translation>Duplicate %1 from %2</translation>
        </message>
        <message>
            <source>Restore %1 from %2</source>
            <translation>Restore %1 from %2</translation>
        </message>
        <message>
            <source>a segment without flags</source>
            <translation>a segment without flags</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::SegmentInspector</name>
        <message>
            <source> (%1)</source>
            <translation> (%1)</translation>
        </message>
        <message>
            <source>%1 (%2 MSS)</source>
            <translation>%1 (%2 MSS)</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>%1 = %2</source>
            <comment>an HTTP/2 setting and its value</comment>
            <translation>%1 = %2</translation>
        </message>
        <message>
            <source>%1 bytes</source>
            <translation>%1 bytes</translation>
        </message>
        <message>
            <source>%1 is among the names the certificate is for: %2</source>
            <translation>%1 is among the names the certificate is for: %2</translation>
        </message>
        <message>
            <source>%1 is not among the names the certificate is for: %2</source>
            <translation>%1 is not among the names the certificate is for: %2</translation>
        </message>
        <message>
            <source>%1 is not valid on %4: only from %2 to %3</source>
            <translation>%1 is not valid on %4: only from %2 to %3</translation>
        </message>
        <message>
            <source>%1 is valid on %4 (%2 to %3)</source>
            <translation>%1 is valid on %4 (%2 to %3)</translation>
        </message>
        <message>
            <source>%1 of them captured</source>
            <translation>%1 of them captured</translation>
        </message>
        <message>
            <source>, %1</source>
            <translation>, %1</translation>
        </message>
        <message>
            <source>: the client answers with alert %1 (%2)</source>
            <translation>: the client answers with alert %1 (%2)</translation>
        </message>
        <message>
            <source>Connection variables at step %1 / %2 (t = %3)</source>
            <translation>Connection variables at step %1 / %2 (t = %3)</translation>
        </message>
        <message>
            <source>Datagram %1: %2 → %3 · %4 · sent at %5</source>
            <translation>Datagram %1: %2 → %3 · %4 · sent at %5</translation>
        </message>
        <message>
            <source>MSS = %1</source>
            <translation>MSS = %1</translation>
        </message>
        <message>
            <source>No segment selected: click an arrow in the diagram to see its header here.</source>
            <translation>No segment selected: click an arrow in the diagram to see its header here.</translation>
        </message>
        <message>
            <source>Protocol messages in this segment:</source>
            <translation>Protocol messages in this segment:</translation>
        </message>
        <message>
            <source>QUIC packets in this datagram:</source>
            <translation>QUIC packets in this datagram:</translation>
        </message>
        <message>
            <source>QUIC, encrypted</source>
            <translation>QUIC, encrypted</translation>
        </message>
        <message>
            <source>SACK %1–%2</source>
            <translation>SACK %1–%2</translation>
        </message>
        <message>
            <source>SACK permitted</source>
            <translation>SACK permitted</translation>
        </message>
        <message>
            <source>Segment %1: %2 → %3 · %4 · packet %5, captured at %6</source>
            <translation>Segment %1: %2 → %3 · %4 · packet %5, captured at %6</translation>
        </message>
        <message>
            <source>Segment %1: %2 → %3 · %4 · sent at %5</source>
            <translation>Segment %1: %2 → %3 · %4 · sent at %5</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>application protocols (ALPN): %1</source>
            <translation>application protocols (ALPN): %1</translation>
        </message>
        <message>
            <source>arrives at %1</source>
            <translation>arrives at %1</translation>
        </message>
        <message>
            <source>certificate of %1, issued by %2, valid from %3 to %4</source>
            <translation>certificate of %1, issued by %2, valid from %3 to %4</translation>
        </message>
        <message>
            <source>cipher suite: %1</source>
            <translation>cipher suite: %1</translation>
        </message>
        <message>
            <source>cipher suites offered: %1</source>
            <translation>cipher suites offered: %1</translation>
        </message>
        <message>
            <source>dup ACKs</source>
            <translation>dup ACKs</translation>
        </message>
        <message>
            <source>flags %1</source>
            <translation>flags %1</translation>
        </message>
        <message>
            <source>frame %1 of stream %2, %3 bytes, %4</source>
            <translation>frame %1 of stream %2, %3 bytes, %4</translation>
        </message>
        <message>
            <source>frame %1 of the connection, %2 bytes, %3</source>
            <translation>frame %1 of the connection, %2 bytes, %3</translation>
        </message>
        <message>
            <source>header and data</source>
            <translation>header and data</translation>
        </message>
        <message>
            <source>header field %1: %2</source>
            <translation>header field %1: %2</translation>
        </message>
        <message>
            <source>key share: %1</source>
            <translation>key share: %1</translation>
        </message>
        <message>
            <source>lost at %1</source>
            <translation>lost at %1</translation>
        </message>
        <message>
            <source>no flags</source>
            <translation>no flags</translation>
        </message>
        <message>
            <source>none</source>
            <translation>none</translation>
        </message>
        <message>
            <source>not used: ACK is 0</source>
            <translation>not used: ACK is 0</translation>
        </message>
        <message>
            <source>phase</source>
            <translation>phase</translation>
        </message>
        <message>
            <source>server name (SNI): %1</source>
            <translation>server name (SNI): %1</translation>
        </message>
        <message>
            <source>signature algorithm: %1</source>
            <translation>signature algorithm: %1</translation>
        </message>
        <message>
            <source>stream %1: bytes %2 to %3</source>
            <translation>stream %1: bytes %2 to %3</translation>
        </message>
        <message>
            <source>stream %1: no bytes, its end</source>
            <translation>stream %1: no bytes, its end</translation>
        </message>
        <message>
            <source>the chain ends at %1, a root this client trusts</source>
            <translation>the chain ends at %1, a root this client trusts</translation>
        </message>
        <message>
            <source>the chain ends at %1, which this client does not trust</source>
            <translation>the chain ends at %1, which this client does not trust</translation>
        </message>
        <message>
            <source>the signature on %1 checks out with %2's public key</source>
            <translation>the signature on %1 checks out with %2's public key</translation>
        </message>
        <message>
            <source>the signature on %1 does not check out with %2's public key</source>
            <translation>the signature on %1 does not check out with %2's public key</translation>
        </message>
        <message>
            <source>timestamps %1, %2</source>
            <translation>timestamps %1, %2</translation>
        </message>
        <message>
            <source>transport parameter %1 = %2</source>
            <translation>transport parameter %1 = %2</translation>
        </message>
        <message>
            <source>unlimited</source>
            <translation>unlimited</translation>
        </message>
        <message>
            <source>version: %1</source>
            <translation>version: %1</translation>
        </message>
        <message>
            <source>window scale = %1</source>
            <translation>window scale = %1</translation>
        </message>
        <message>
            <source>× %1 = %2</source>
            <translation>× %1 = %2</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::SequenceDiagramScene</name>
        <message>
            <source>%1 %2</source>
            <translation>%1 %2</translation>
        </message>
        <message>
            <source>%1 RTT</source>
            <translation>%1 RTT</translation>
        </message>
        <message>
            <source>%1 ms</source>
            <translation>%1 ms</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1: %2</translation>
        </message>
        <message numerus="yes">
            <source>%n stream(s) wait</source>
            <translation>
                <numerusform>%n stream waits</numerusform>
                <numerusform>%n streams wait</numerusform>
            </translation>
        </message>
        <message>
            <source>Captured at one point: each arrow is drawn level, at the moment the capture saw it; the states are inferred</source>
            <translation>Captured at one point: each arrow is drawn level, at the moment the capture saw it; the states are inferred</translation>
        </message>
        <message>
            <source>answer</source>
            <translation>answer</translation>
        </message>
        <message>
            <source>duplicate</source>
            <translation>duplicate</translation>
        </message>
        <message>
            <source>request</source>
            <translation>request</translation>
        </message>
        <message>
            <source>stopped at the horizon (%1): more was still to happen</source>
            <translation>stopped at the horizon (%1): more was still to happen</translation>
        </message>
        <message>
            <source>stopped at the limit of %1 events (%2), the most a scenario may set</source>
            <translation>stopped at the limit of %1 events (%2), the most a scenario may set</translation>
        </message>
        <message>
            <source>stopped at the limit of %1 events (%2): raise the scenario's max_events to see more</source>
            <translation>stopped at the limit of %1 events (%2): raise the scenario's max_events to see more</translation>
        </message>
        <message>
            <source>the capture ends here (%1), with the connection still open</source>
            <translation>the capture ends here (%1), with the connection still open</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::SequencePlot</name>
        <message>
            <source>%1 (off the top: %2)</source>
            <translation>%1 (off the top: %2)</translation>
        </message>
        <message>
            <source>%1 sends no data.</source>
            <translation>%1 sends no data.</translation>
        </message>
        <message>
            <source>ACK line</source>
            <translation>ACK line</translation>
        </message>
        <message>
            <source>Relative sequence number</source>
            <translation>Relative sequence number</translation>
        </message>
        <message>
            <source>Time–sequence graph: %1</source>
            <translation>Time–sequence graph: %1</translation>
        </message>
        <message>
            <source>data segment</source>
            <translation>data segment</translation>
        </message>
        <message>
            <source>duplicate ACKs</source>
            <translation>duplicate ACKs</translation>
        </message>
        <message>
            <source>fast retransmission</source>
            <translation>fast retransmission</translation>
        </message>
        <message>
            <source>lost on the way</source>
            <translation>lost on the way</translation>
        </message>
        <message>
            <source>receive window</source>
            <translation>receive window</translation>
        </message>
        <message>
            <source>sent again after a timeout</source>
            <translation>sent again after a timeout</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::SessionModel</name>
        <message>
            <source>%1, connection %2: %3 → %4</source>
            <translation>%1, connection %2: %3 → %4</translation>
        </message>
        <message>
            <source>Cannot simulate “%1”: %2</source>
            <translation>Cannot simulate “%1”: %2</translation>
        </message>
        <message>
            <source>Cannot simulate “%1”: there is not enough memory.</source>
            <translation>Cannot simulate “%1”: there is not enough memory.</translation>
        </message>
        <message numerus="yes">
            <source>Read from the capture %1: connection %2 of its %3, in %n segments. Each packet has one timestamp, taken where the capture was made, so each arrow is drawn at that moment. The states are inferred from the segments through RFC 9293's state diagram.</source>
            <translation>
                <numerusform>Read from the capture %1: connection %2 of its %3, in %n segment. Each packet has one timestamp, taken where the capture was made, so each arrow is drawn at that moment. The states are inferred from the segments through RFC 9293's state diagram.</numerusform>
                <numerusform>Read from the capture %1: connection %2 of its %3, in %n segments. Each packet has one timestamp, taken where the capture was made, so each arrow is drawn at that moment. The states are inferred from the segments through RFC 9293's state diagram.</numerusform>
            </translation>
        </message>
        <message>
            <source>The capture starts after the handshake: both sides are taken to be ESTABLISHED from the start.</source>
            <translation>The capture starts after the handshake: both sides are taken to be ESTABLISHED from the start.</translation>
        </message>
        <message>
            <source>The edited scenario cannot be simulated: %1</source>
            <translation>The edited scenario cannot be simulated: %1</translation>
        </message>
        <message>
            <source>Unknown scenario “%1”: it is neither a built-in scenario nor a file.</source>
            <translation>Unknown scenario “%1”: it is neither a built-in scenario nor a file.</translation>
        </message>
        <message>
            <source>What-if editing is off for a capture: it shows what happened. “Turn into a lesson” makes a lesson of it that can be changed.</source>
            <translation>What-if editing is off for a capture: it shows what happened. “Turn into a lesson” makes a lesson of it that can be changed.</translation>
        </message>
        <message>
            <source>What-if editing works on lessons of two endpoints; this lesson of hosts is shown as it is.</source>
            <translation>What-if editing works on lessons of two endpoints; this lesson of hosts is shown as it is.</translation>
        </message>
        <message>
            <source>Wireshark would call it complete (%1).</source>
            <translation>Wireshark would call it complete (%1).</translation>
        </message>
        <message>
            <source>Wireshark would call it incomplete: it saw %1.</source>
            <translation>Wireshark would call it incomplete: it saw %1.</translation>
        </message>
        <message numerus="yes">
            <source>“%1” holds no TCP connection (%n packets read).</source>
            <translation>
                <numerusform>“%1” holds no TCP connection (%n packet read).</numerusform>
                <numerusform>“%1” holds no TCP connection (%n packets read).</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::SideBySideScene</name>
        <message numerus="yes">
            <source>%1
%n packet(s), </source>
            <translation>
                <numerusform>%1
%n packet, </numerusform>
                <numerusform>%1
%n packets, </numerusform>
            </translation>
        </message>
        <message>
            <source>%1 (lost)</source>
            <translation>%1 (lost)</translation>
        </message>
        <message>
            <source>%1 + %2</source>
            <comment>flags + data</comment>
            <translation>%1 + %2</translation>
        </message>
        <message>
            <source>%1 · %2</source>
            <comment>host · HTTP version</comment>
            <translation>%1 · %2</translation>
        </message>
        <message numerus="yes">
            <source>%n RTT</source>
            <translation>
                <numerusform>%n RTT</numerusform>
                <numerusform>%n RTT</numerusform>
            </translation>
        </message>
        <message>
            <source>Pick the runs to compare above.</source>
            <translation>Pick the runs to compare above.</translation>
        </message>
        <message>
            <source>QUIC</source>
            <translation>QUIC</translation>
        </message>
        <message>
            <source>QUIC 0-RTT</source>
            <translation>QUIC 0-RTT</translation>
        </message>
        <message>
            <source>Simulating the runs…</source>
            <translation>Simulating the runs…</translation>
        </message>
        <message>
            <source>TCP</source>
            <translation>TCP</translation>
        </message>
        <message>
            <source>TCP + TLS 1.2</source>
            <translation>TCP + TLS 1.2</translation>
        </message>
        <message>
            <source>TCP + TLS 1.3</source>
            <translation>TCP + TLS 1.3</translation>
        </message>
        <message>
            <source>TCP + TLS 1.3 0-RTT</source>
            <translation>TCP + TLS 1.3 0-RTT</translation>
        </message>
        <message>
            <source>answer after %1 RTT</source>
            <translation>answer after %1 RTT</translation>
        </message>
        <message>
            <source>answer, %1</source>
            <translation>answer, %1</translation>
        </message>
        <message>
            <source>client</source>
            <translation>client</translation>
        </message>
        <message>
            <source>no answer</source>
            <translation>no answer</translation>
        </message>
        <message>
            <source>no request sent</source>
            <translation>no request sent</translation>
        </message>
        <message>
            <source>request after %1 RTT</source>
            <translation>request after %1 RTT</translation>
        </message>
        <message>
            <source>request, %1</source>
            <translation>request, %1</translation>
        </message>
        <message>
            <source>retransmission: %1</source>
            <translation>retransmission: %1</translation>
        </message>
        <message>
            <source>server</source>
            <translation>server</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::SideBySideView</name>
        <message>
            <source>%1 %</source>
            <translation>%1 %</translation>
        </message>
        <message>
            <source>%1 ms</source>
            <translation>%1 ms</translation>
        </message>
        <message>
            <source>As in the lesson</source>
            <translation>As in the lesson</translation>
        </message>
        <message>
            <source>Loss:</source>
            <translation>Loss:</translation>
        </message>
        <message>
            <source>One-way delay:</source>
            <translation>One-way delay:</translation>
        </message>
        <message>
            <source>Runs:</source>
            <translation>Runs:</translation>
        </message>
        <message>
            <source>Simulating…</source>
            <translation>Simulating…</translation>
        </message>
        <message>
            <source>The link's delay each way, for every run; the runs are simulated again.</source>
            <translation>The link's delay each way, for every run; the runs are simulated again.</translation>
        </message>
        <message>
            <source>The share of packets the link loses each way, for every run, from the lesson's seed.</source>
            <translation>The share of packets the link loses each way, for every run, from the lesson's seed.</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::SocketTableModel</name>
        <message>
            <source>Connection</source>
            <translation>Connection</translation>
        </message>
        <message>
            <source>Local address:port</source>
            <translation>Local address:port</translation>
        </message>
        <message>
            <source>Peer address:port</source>
            <translation>Peer address:port</translation>
        </message>
        <message>
            <source>Recv-Q</source>
            <translation>Recv-Q</translation>
        </message>
        <message>
            <source>Send-Q</source>
            <translation>Send-Q</translation>
        </message>
        <message>
            <source>State</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Timer</source>
            <translation>Timer</translation>
        </message>
        <message>
            <source>timewait (%1)</source>
            <translation>timewait (%1)</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::SocketsPanel</name>
        <message>
            <source> (a spoofed SYN)</source>
            <translation> (a spoofed SYN)</translation>
        </message>
        <message>
            <source>%1 → %2, of %3 connections%4</source>
            <translation>%1 → %2, of %3 connections%4</translation>
        </message>
        <message numerus="yes">
            <source>%n socket(s) at %1</source>
            <translation>
                <numerusform>%n socket at %1</numerusform>
                <numerusform>%n sockets at %1</numerusform>
            </translation>
        </message>
        <message>
            <source>&amp;Connection:</source>
            <translation>&amp;Connection:</translation>
        </message>
        <message>
            <source>&amp;Host:</source>
            <translation>&amp;Host:</translation>
        </message>
        <message>
            <source>&amp;State:</source>
            <translation>&amp;State:</translation>
        </message>
        <message>
            <source>All states</source>
            <translation>All states</translation>
        </message>
        <message>
            <source>a lesson of two endpoints has one connection</source>
            <translation>a lesson of two endpoints has one connection</translation>
        </message>
        <message>
            <source>no connection was made</source>
            <translation>no connection was made</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::StateGraphScene</name>
        <message>
            <source>A SYN has arrived and this side has answered with its own SYN (a SYN,ACK). It waits for the ACK of its SYN, the last step of the three-way handshake.</source>
            <translation>A SYN has arrived and this side has answered with its own SYN (a SYN,ACK). It waits for the ACK of its SYN, the last step of the three-way handshake.</translation>
        </message>
        <message>
            <source>A server waiting for connection requests. It has no peer yet and waits for a SYN from any client.</source>
            <translation>A server waiting for connection requests. It has no peer yet and waits for a SYN from any client.</translation>
        </message>
        <message>
            <source>Both FINs have been sent and acknowledged. This side waits twice the maximum segment lifetime (2MSL), so that it can resend a lost final ACK and old duplicate segments die out.</source>
            <translation>Both FINs have been sent and acknowledged. This side waits twice the maximum segment lifetime (2MSL), so that it can resend a lost final ACK and old duplicate segments die out.</translation>
        </message>
        <message>
            <source>Both sides are closing at once: this side sent a FIN and then received the peer's FIN before its own was acknowledged. It waits for the ACK of its FIN.</source>
            <translation>Both sides are closing at once: this side sent a FIN and then received the peer's FIN before its own was acknowledged. It waits for the ACK of its FIN.</translation>
        </message>
        <message>
            <source>CLOSE</source>
            <translation>CLOSE</translation>
        </message>
        <message>
            <source>Dashed: transitions the notes and the text add</source>
            <translation>Dashed: transitions the notes and the text add</translation>
        </message>
        <message>
            <source>Figure 5, note 1: a RST returns SYN-RECEIVED to LISTEN only when the connection started with a passive OPEN. After an active OPEN it closes the connection.</source>
            <translation>Figure 5, note 1: a RST returns SYN-RECEIVED to LISTEN only when the connection started with a passive OPEN. After an active OPEN it closes the connection.</translation>
        </message>
        <message>
            <source>Figure 5, note 2: not drawn in the figure. A FIN that also acknowledges our FIN takes FIN-WAIT-1 straight to TIME-WAIT.</source>
            <translation>Figure 5, note 2: not drawn in the figure. A FIN that also acknowledges our FIN takes FIN-WAIT-1 straight to TIME-WAIT.</translation>
        </message>
        <message>
            <source>No connection exists and there is nothing to remember about one. Waits for the application to open a connection: actively (connect) or passively (listen).</source>
            <translation>No connection exists and there is nothing to remember about one. Waits for the application to open a connection: actively (connect) or passively (listen).</translation>
        </message>
        <message>
            <source>Not drawn in the figure (RFC 9293, section 3.10.1): an active OPEN on a listening connection sends a SYN and moves to SYN-SENT.</source>
            <translation>Not drawn in the figure (RFC 9293, section 3.10.1): an active OPEN on a listening connection sends a SYN and moves to SYN-SENT.</translation>
        </message>
        <message>
            <source>Not drawn in the figure (RFC 9293, section 3.10.7.4): a SYN arriving in SYN-RECEIVED, when the connection started with a passive OPEN, sends it back to LISTEN.</source>
            <translation>Not drawn in the figure (RFC 9293, section 3.10.7.4): a SYN arriving in SYN-RECEIVED, when the connection started with a passive OPEN, sends it back to LISTEN.</translation>
        </message>
        <message>
            <source>Not drawn: from most states an acceptable RST, the ABORT call, a reboot of the host, too many retransmissions or the user timeout lead straight to CLOSED. A transition taken this way is shown as a straight dashed line while it happens.</source>
            <translation>Not drawn: from most states an acceptable RST, the ABORT call, a reboot of the host, too many retransmissions or the user timeout lead straight to CLOSED. A transition taken this way is shown as a straight dashed line while it happens.</translation>
        </message>
        <message>
            <source>SEND</source>
            <translation>SEND</translation>
        </message>
        <message>
            <source>TCP connection states (RFC 9293, Figure 5)</source>
            <translation>TCP connection states (RFC 9293, Figure 5)</translation>
        </message>
        <message>
            <source>The application has closed: this side has sent a FIN. It waits for the ACK of that FIN, or for the peer's FIN.</source>
            <translation>The application has closed: this side has sent a FIN. It waits for the ACK of that FIN, or for the peer's FIN.</translation>
        </message>
        <message>
            <source>The connection is open: both sides know each other's sequence numbers and data can flow both ways. It stays here until one side closes or the connection is reset.</source>
            <translation>The connection is open: both sides know each other's sequence numbers and data can flow both ways. It stays here until one side closes or the connection is reset.</translation>
        </message>
        <message>
            <source>The peer closed first and this side has now sent its FIN too. It waits for the ACK of that FIN; then the connection is gone.</source>
            <translation>The peer closed first and this side has now sent its FIN too. It waits for the ACK of that FIN; then the connection is gone.</translation>
        </message>
        <message>
            <source>The peer has closed its direction: its FIN arrived and was acknowledged. This side can still send; it waits for its own application to close.</source>
            <translation>The peer has closed its direction: its FIN arrived and was acknowledged. This side can still send; it waits for its own application to close.</translation>
        </message>
        <message>
            <source>This connection is QUIC's, over UDP: it has no TCP states</source>
            <translation>This connection is QUIC's, over UDP: it has no TCP states</translation>
        </message>
        <message>
            <source>This side has sent a SYN to open the connection. It waits for the peer's SYN,ACK (or, when both sides open at once, the peer's SYN).</source>
            <translation>This side has sent a SYN to open the connection. It waits for the peer's SYN,ACK (or, when both sides open at once, the peer's SYN).</translation>
        </message>
        <message>
            <source>This side's FIN has been acknowledged, so it sends no more data. It waits for the peer to close as well (the peer's FIN); the peer may still send data.</source>
            <translation>This side's FIN has been acknowledged, so it sends no more data. It waits for the peer to close as well (the peer's FIN); the peer may still send data.</translation>
        </message>
        <message>
            <source>Timeout=2MSL</source>
            <translation>Timeout=2MSL</translation>
        </message>
        <message>
            <source>active OPEN</source>
            <translation>active OPEN</translation>
        </message>
        <message>
            <source>create TCB</source>
            <translation>create TCB</translation>
        </message>
        <message>
            <source>create TCB, snd SYN</source>
            <translation>create TCB, snd SYN</translation>
        </message>
        <message>
            <source>delete TCB</source>
            <translation>delete TCB</translation>
        </message>
        <message>
            <source>passive OPEN</source>
            <translation>passive OPEN</translation>
        </message>
        <message>
            <source>rcv ACK of FIN</source>
            <translation>rcv ACK of FIN</translation>
        </message>
        <message>
            <source>rcv ACK of SYN</source>
            <translation>rcv ACK of SYN</translation>
        </message>
        <message>
            <source>rcv FIN</source>
            <translation>rcv FIN</translation>
        </message>
        <message>
            <source>rcv FIN,ACK of FIN</source>
            <translation>rcv FIN,ACK of FIN</translation>
        </message>
        <message>
            <source>rcv RST</source>
            <translation>rcv RST</translation>
        </message>
        <message>
            <source>rcv RST, ABORT, reboot, timeouts → CLOSED</source>
            <translation>rcv RST, ABORT, reboot, timeouts → CLOSED</translation>
        </message>
        <message>
            <source>rcv SYN</source>
            <translation>rcv SYN</translation>
        </message>
        <message>
            <source>rcv SYN,ACK</source>
            <translation>rcv SYN,ACK</translation>
        </message>
        <message>
            <source>snd ACK</source>
            <translation>snd ACK</translation>
        </message>
        <message>
            <source>snd FIN</source>
            <translation>snd FIN</translation>
        </message>
        <message>
            <source>snd SYN</source>
            <translation>snd SYN</translation>
        </message>
        <message>
            <source>snd SYN,ACK</source>
            <translation>snd SYN,ACK</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::StepCaption</name>
        <message>
            <source>%1: %2</source>
            <translation>%1: %2</translation>
        </message>
        <message>
            <source>Press → or Space to start</source>
            <translation>Press → or Space to start</translation>
        </message>
        <message>
            <source>Step %1 / %2 · %3</source>
            <translation>Step %1 / %2 · %3</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::Text</name>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>%1 bytes</source>
            <translation>%1 bytes</translation>
        </message>
        <message>
            <source>%1 is %2</source>
            <translation>%1 is %2</translation>
        </message>
        <message>
            <source>%1 ms</source>
            <translation>%1 ms</translation>
        </message>
        <message>
            <source>%1 s</source>
            <translation>%1 s</translation>
        </message>
        <message>
            <source>%1 timer expires</source>
            <translation>%1 timer expires</translation>
        </message>
        <message>
            <source>%1 timer starts (%2)</source>
            <translation>%1 timer starts (%2)</translation>
        </message>
        <message>
            <source>%1 timer stops</source>
            <translation>%1 timer stops</translation>
        </message>
        <message>
            <source>%1 with %2</source>
            <translation>%1 with %2</translation>
        </message>
        <message>
            <source>%1 — %2</source>
            <translation>%1 — %2</translation>
        </message>
        <message>
            <source>%1 → %2 (%3)</source>
            <translation>%1 → %2 (%3)</translation>
        </message>
        <message>
            <source>, </source>
            <translation>, </translation>
        </message>
        <message>
            <source>1 byte</source>
            <translation>1 byte</translation>
        </message>
        <message>
            <source>2MSL</source>
            <translation>2MSL</translation>
        </message>
        <message>
            <source>ABORT</source>
            <translation>ABORT</translation>
        </message>
        <message>
            <source>ACK</source>
            <translation>ACK</translation>
        </message>
        <message>
            <source>ACK of a keep-alive</source>
            <translation>ACK of a keep-alive</translation>
        </message>
        <message>
            <source>ACK of a zero-window probe</source>
            <translation>ACK of a zero-window probe</translation>
        </message>
        <message>
            <source>ACK of unsent data</source>
            <translation>ACK of unsent data</translation>
        </message>
        <message>
            <source>ACKs a segment not captured</source>
            <translation>ACKs a segment not captured</translation>
        </message>
        <message>
            <source>CLOSE</source>
            <translation>CLOSE</translation>
        </message>
        <message>
            <source>Client</source>
            <translation>Client</translation>
        </message>
        <message>
            <source>FIN</source>
            <translation>FIN</translation>
        </message>
        <message>
            <source>RST</source>
            <translation>RST</translation>
        </message>
        <message>
            <source>RST ignored</source>
            <translation>RST ignored</translation>
        </message>
        <message>
            <source>RTO</source>
            <translation>RTO</translation>
        </message>
        <message>
            <source>SEND</source>
            <translation>SEND</translation>
        </message>
        <message>
            <source>SYN</source>
            <translation>SYN</translation>
        </message>
        <message>
            <source>SYN queue full: dropped by the host</source>
            <translation>SYN queue full: dropped by the host</translation>
        </message>
        <message>
            <source>SYN-ACK</source>
            <translation>SYN-ACK</translation>
        </message>
        <message>
            <source>Server</source>
            <translation>Server</translation>
        </message>
        <message>
            <source>TIME-WAIT (2MSL)</source>
            <translation>TIME-WAIT (2MSL)</translation>
        </message>
        <message>
            <source>TIME-WAIT taken over (tw_reuse)</source>
            <translation>TIME-WAIT taken over (tw_reuse)</translation>
        </message>
        <message>
            <source>Timeout=2MSL</source>
            <translation>Timeout=2MSL</translation>
        </message>
        <message>
            <source>abort()</source>
            <translation>abort()</translation>
        </message>
        <message>
            <source>accept queue full: dropped by the host</source>
            <translation>accept queue full: dropped by the host</translation>
        </message>
        <message>
            <source>active OPEN</source>
            <translation>active OPEN</translation>
        </message>
        <message>
            <source>an empty segment</source>
            <translation>an empty segment</translation>
        </message>
        <message>
            <source>an old duplicate %1 appears on the wire</source>
            <translation>an old duplicate %1 appears on the wire</translation>
        </message>
        <message>
            <source>answers with %1</source>
            <translation>answers with %1</translation>
        </message>
        <message>
            <source>bad checksum: dropped</source>
            <translation>bad checksum: dropped</translation>
        </message>
        <message>
            <source>calls %1</source>
            <translation>calls %1</translation>
        </message>
        <message>
            <source>challenge ACK</source>
            <translation>challenge ACK</translation>
        </message>
        <message>
            <source>close()</source>
            <translation>close()</translation>
        </message>
        <message>
            <source>congestion avoidance</source>
            <translation>congestion avoidance</translation>
        </message>
        <message>
            <source>connect()</source>
            <translation>connect()</translation>
        </message>
        <message>
            <source>connection aborted: user timeout</source>
            <translation>connection aborted: user timeout</translation>
        </message>
        <message>
            <source>connection already exists</source>
            <translation>connection already exists</translation>
        </message>
        <message>
            <source>connection closing</source>
            <translation>connection closing</translation>
        </message>
        <message>
            <source>connection does not exist</source>
            <translation>connection does not exist</translation>
        </message>
        <message>
            <source>connection refused</source>
            <translation>connection refused</translation>
        </message>
        <message>
            <source>connection reset</source>
            <translation>connection reset</translation>
        </message>
        <message>
            <source>connection timed out</source>
            <translation>connection timed out</translation>
        </message>
        <message>
            <source>data</source>
            <translation>data</translation>
        </message>
        <message>
            <source>delayed ACK</source>
            <translation>delayed ACK</translation>
        </message>
        <message>
            <source>dropped: queue full</source>
            <translation>dropped: queue full</translation>
        </message>
        <message>
            <source>dup ACK %1</source>
            <translation>dup ACK %1</translation>
        </message>
        <message>
            <source>duplicate ACK %1</source>
            <translation>duplicate ACK %1</translation>
        </message>
        <message>
            <source>duplicate: ACKed again</source>
            <translation>duplicate: ACKed again</translation>
        </message>
        <message>
            <source>fast recovery</source>
            <translation>fast recovery</translation>
        </message>
        <message>
            <source>fast retransmission</source>
            <translation>fast retransmission</translation>
        </message>
        <message>
            <source>hands %1 to the application</source>
            <translation>hands %1 to the application</translation>
        </message>
        <message>
            <source>ignored</source>
            <translation>ignored</translation>
        </message>
        <message>
            <source>keep-alive</source>
            <translation>keep-alive</translation>
        </message>
        <message>
            <source>left to the network card (offload)</source>
            <translation>left to the network card (offload)</translation>
        </message>
        <message>
            <source>listen()</source>
            <translation>listen()</translation>
        </message>
        <message>
            <source>lost</source>
            <translation>lost</translation>
        </message>
        <message>
            <source>lost (scripted fault)</source>
            <translation>lost (scripted fault)</translation>
        </message>
        <message>
            <source>malformed: dropped</source>
            <translation>malformed: dropped</translation>
        </message>
        <message>
            <source>no congestion control</source>
            <translation>no congestion control</translation>
        </message>
        <message>
            <source>not checked: the capture cut the segment short</source>
            <translation>not checked: the capture cut the segment short</translation>
        </message>
        <message>
            <source>nothing</source>
            <translation>nothing</translation>
        </message>
        <message>
            <source>old duplicate</source>
            <translation>old duplicate</translation>
        </message>
        <message>
            <source>out of order</source>
            <translation>out of order</translation>
        </message>
        <message>
            <source>out of order: kept</source>
            <translation>out of order: kept</translation>
        </message>
        <message>
            <source>outside the window: dropped</source>
            <translation>outside the window: dropped</translation>
        </message>
        <message>
            <source>passive OPEN</source>
            <translation>passive OPEN</translation>
        </message>
        <message>
            <source>persist</source>
            <translation>persist</translation>
        </message>
        <message>
            <source>previous segment not captured</source>
            <translation>previous segment not captured</translation>
        </message>
        <message>
            <source>rcv ACK of FIN</source>
            <translation>rcv ACK of FIN</translation>
        </message>
        <message>
            <source>rcv ACK of SYN</source>
            <translation>rcv ACK of SYN</translation>
        </message>
        <message>
            <source>rcv FIN</source>
            <translation>rcv FIN</translation>
        </message>
        <message>
            <source>rcv FIN,ACK of FIN</source>
            <translation>rcv FIN,ACK of FIN</translation>
        </message>
        <message>
            <source>rcv RST</source>
            <translation>rcv RST</translation>
        </message>
        <message>
            <source>rcv SYN</source>
            <translation>rcv SYN</translation>
        </message>
        <message>
            <source>rcv SYN with a new ISN</source>
            <translation>rcv SYN with a new ISN</translation>
        </message>
        <message>
            <source>rcv SYN, two-way handshake</source>
            <translation>rcv SYN, two-way handshake</translation>
        </message>
        <message>
            <source>rcv SYN,ACK</source>
            <translation>rcv SYN,ACK</translation>
        </message>
        <message>
            <source>reboot</source>
            <translation>reboot</translation>
        </message>
        <message>
            <source>receive(%1)</source>
            <translation>receive(%1)</translation>
        </message>
        <message>
            <source>receives %1</source>
            <translation>receives %1</translation>
        </message>
        <message>
            <source>receives a duplicate copy of %1</source>
            <translation>receives a duplicate copy of %1</translation>
        </message>
        <message>
            <source>recovery after a timeout</source>
            <translation>recovery after a timeout</translation>
        </message>
        <message>
            <source>retransmission</source>
            <translation>retransmission</translation>
        </message>
        <message>
            <source>retransmits %1 (fast retransmit)</source>
            <translation>retransmits %1 (fast retransmit)</translation>
        </message>
        <message>
            <source>retransmits %1 (timeout)</source>
            <translation>retransmits %1 (timeout)</translation>
        </message>
        <message>
            <source>send(%1)</source>
            <translation>send(%1)</translation>
        </message>
        <message>
            <source>sends %1</source>
            <translation>sends %1</translation>
        </message>
        <message>
            <source>sends %1 (abort)</source>
            <translation>sends %1 (abort)</translation>
        </message>
        <message>
            <source>sends %1 (challenge ACK)</source>
            <translation>sends %1 (challenge ACK)</translation>
        </message>
        <message>
            <source>sends %1 (window probe)</source>
            <translation>sends %1 (window probe)</translation>
        </message>
        <message>
            <source>sends %1 (window update)</source>
            <translation>sends %1 (window update)</translation>
        </message>
        <message>
            <source>slow start</source>
            <translation>slow start</translation>
        </message>
        <message>
            <source>spurious retransmission</source>
            <translation>spurious retransmission</translation>
        </message>
        <message>
            <source>tcp_fin_timeout</source>
            <translation>tcp_fin_timeout</translation>
        </message>
        <message>
            <source>the host reboots and forgets the connection</source>
            <translation>the host reboots and forgets the connection</translation>
        </message>
        <message>
            <source>too many retransmissions</source>
            <translation>too many retransmissions</translation>
        </message>
        <message>
            <source>unexpected SYN: challenge ACK</source>
            <translation>unexpected SYN: challenge ACK</translation>
        </message>
        <message>
            <source>user timeout</source>
            <translation>user timeout</translation>
        </message>
        <message>
            <source>window full</source>
            <translation>window full</translation>
        </message>
        <message>
            <source>window probe</source>
            <translation>window probe</translation>
        </message>
        <message>
            <source>window update</source>
            <translation>window update</translation>
        </message>
        <message>
            <source>zero window</source>
            <translation>zero window</translation>
        </message>
        <message>
            <source>zero-window probe</source>
            <translation>zero-window probe</translation>
        </message>
        <message>
            <source>≈ %1 ms</source>
            <translation>≈ %1 ms</translation>
        </message>
        <message>
            <source>≈ %1 s</source>
            <translation>≈ %1 s</translation>
        </message>
        <message>
            <source>✓ correct</source>
            <translation>✓ correct</translation>
        </message>
        <message>
            <source>✗ wrong</source>
            <translation>✗ wrong</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::WhatIfMenus</name>
        <message>
            <source>%1

Extra delay (ms):</source>
            <translation>%1

Extra delay (ms):</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1: %2</translation>
        </message>
        <message>
            <source>%1: send(n bytes)…</source>
            <translation>%1: send(n bytes)…</translation>
        </message>
        <message>
            <source>At %1</source>
            <translation>At %1</translation>
        </message>
        <message>
            <source>Bytes %1 sends:</source>
            <translation>Bytes %1 sends:</translation>
        </message>
        <message>
            <source>Delay it by…</source>
            <translation>Delay it by…</translation>
        </message>
        <message>
            <source>Delay segment %1</source>
            <translation>Delay segment %1</translation>
        </message>
        <message>
            <source>Drop this segment</source>
            <translation>Drop this segment</translation>
        </message>
        <message>
            <source>Duplicate it</source>
            <translation>Duplicate it</translation>
        </message>
        <message>
            <source>Remove the scripted fault that hits this segment</source>
            <translation>Remove the scripted fault that hits this segment</translation>
        </message>
        <message>
            <source>Restore this segment</source>
            <translation>Restore this segment</translation>
        </message>
        <message>
            <source>Segment %1, %2 → %3: %4</source>
            <translation>Segment %1, %2 → %3: %4</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Send</translation>
        </message>
    </context>
</TS>
