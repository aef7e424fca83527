<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>tcpviz::app::Cli</name>
        <message>
            <source>%1 MB a second</source>
            <translation>每秒 %1 MB</translation>
        </message>
        <message>
            <source>%1 a second</source>
            <translation>每秒 %1 次</translation>
        </message>
        <message>
            <source>%1 has connections 0 to %2; there is no connection %3</source>
            <translation>%1 的连接编号为 0 到 %2；没有连接 %3</translation>
        </message>
        <message>
            <source>%1 has no hosts: --host is for a scenario of hosts</source>
            <translation>%1 没有主机：--host 用于主机场景</translation>
        </message>
        <message>
            <source>%1 has one connection, 0; there is no connection %2</source>
            <translation>%1 只有一个连接，编号 0；没有连接 %2</translation>
        </message>
        <message>
            <source>%1 is a scenario of hosts with many connections: choose one with --connection ID (tcpviz --list-connections %1 lists them), or print them all with --format json or csv</source>
            <translation>%1 是包含许多连接的主机场景：请用 --connection ID 选择其中一个（tcpviz --list-connections %1 可列出全部连接），或用 --format json 或 csv 输出全部连接</translation>
        </message>
        <message>
            <source>%1 makes no connection; there is no connection %2</source>
            <translation>%1 没有建立任何连接；没有连接 %2</translation>
        </message>
        <message>
            <source>%1 on this computer, one core:</source>
            <translation>本机的 %1，单核：</translation>
        </message>
        <message>
            <source>%1 µs a 16 KiB record</source>
            <translation>每个 16 KiB 记录 %1 微秒</translation>
        </message>
        <message>
            <source>%1 µs each</source>
            <translation>每次 %1 微秒</translation>
        </message>
        <message numerus="yes">
            <source>%1: %n question(s)</source>
            <translation>
                <numerusform>%1：%n 个问题</numerusform>
            </translation>
        </message>
        <message>
            <source>%1: no TCP connection in its %2 packets</source>
            <translation>%1：其 %2 个数据包中没有 TCP 连接</translation>
        </message>
        <message>
            <source>%1: the simulation stopped at its limit of %2 events, at %3 ms of simulated time; what followed was not simulated (no scenario may set "max_events" higher)</source>
            <translation>%1：模拟在达到 %2 个事件的上限时停止，此时模拟时间为 %3 毫秒；之后的部分没有模拟（"max_events" 已是场景允许的最大值）</translation>
        </message>
        <message>
            <source>%1: the simulation stopped at its limit of %2 events, at %3 ms of simulated time; what followed was not simulated (raise "max_events", up to %4, to see more)</source>
            <translation>%1：模拟在达到 %2 个事件的上限时停止，此时模拟时间为 %3 毫秒；之后的部分没有模拟（可把 "max_events" 调高，最多 %4，以看到更多）</translation>
        </message>
        <message>
            <source>--host goes with --view sockets</source>
            <translation>--host 要与 --view sockets 一起使用</translation>
        </message>
        <message>
            <source>--interop-demo opens its own connection: leave out %1</source>
            <translation>--interop-demo 会自己建立连接：请去掉 %1</translation>
        </message>
        <message>
            <source>--print-quiz prints text or, with --format json, JSON</source>
            <translation>--print-quiz 输出文本，或者用 --format json 输出 JSON</translation>
        </message>
        <message>
            <source>--runs goes with --view side-by-side</source>
            <translation>--runs 只能与 --view side-by-side 一起使用</translation>
        </message>
        <message>
            <source>A built-in scenario id, a scenario .json file or a capture (.pcap, .pcapng) to open.</source>
            <translation>要打开的内置场景 ID、场景 .json 文件或抓包（.pcap、.pcapng）。</translation>
        </message>
        <message>
            <source>AES-256-GCM, every byte after the handshake</source>
            <translation>AES-256-GCM，握手之后的每个字节</translation>
        </message>
        <message>
            <source>Answer: %1. %2</source>
            <translation>答案：%1。%2</translation>
        </message>
        <message>
            <source>Before step %1: %2</source>
            <translation>第 %1 步之前：%2</translation>
        </message>
        <message>
            <source>Decrypting everything with RSA-2048 would be %1 times slower than AES-256-GCM: %2 MB a second.</source>
            <translation>全部用 RSA-2048 解密会比 AES-256-GCM 慢 %1 倍：每秒 %2 MB。</translation>
        </message>
        <message>
            <source>Ed25519 signature, the server's</source>
            <translation>Ed25519 签名，服务器做</translation>
        </message>
        <message>
            <source>Ed25519 verification, the client's</source>
            <translation>Ed25519 验证，客户端做</translation>
        </message>
        <message>
            <source>Export the diagram up to step N.</source>
            <translation>导出到第 N 步为止的图。</translation>
        </message>
        <message>
            <source>Export to OUT; the format follows the extension (png, svg, pdf, dot, txt, json, csv, pcapng for Wireshark, or log for the TLS keys that decrypt it).</source>
            <translation>导出到 OUT；格式由扩展名决定（png、svg、pdf、dot、txt、json、csv，pcapng 供 Wireshark 使用，log 为解密它所需的 TLS 密钥）。</translation>
        </message>
        <message>
            <source>Language: en or zh_CN.</source>
            <translation>语言：en 或 zh_CN。</translation>
        </message>
        <message>
            <source>Leave the key to the marks out of a PNG, SVG or PDF export.</source>
            <translation>在 PNG、SVG 或 PDF 导出中不加图例。</translation>
        </message>
        <message>
            <source>List the built-in scenarios, one per line: ID&lt;TAB&gt;title.</source>
            <translation>列出内置场景，每行一个：ID&lt;TAB&gt;标题。</translation>
        </message>
        <message>
            <source>Measure how fast this computer's OpenSSL does a TLS handshake's public-key work and encrypts the bytes after it, and print it (the why-symmetric-keys lesson).</source>
            <translation>测量本机的 OpenSSL 做 TLS 握手中公钥运算的速度，以及加密其后字节的速度，并打印出来（why-symmetric-keys 一课）。</translation>
        </message>
        <message>
            <source>Open the window in presentation mode (F5 toggles it, Esc leaves).</source>
            <translation>以演示模式打开窗口（F5 切换，Esc 退出）。</translation>
        </message>
        <message>
            <source>Open the window on a live connection between tcpviz's engine and this computer's Linux kernel, drawn as it happens (needs root).</source>
            <translation>打开窗口，实时绘制 tcpviz 引擎与本机 Linux 内核之间的一条真实连接（需要 root 权限）。</translation>
        </message>
        <message>
            <source>Print the version and exit.</source>
            <translation>显示版本号并退出。</translation>
        </message>
        <message>
            <source>RSA-2048 decryption of %1 bytes</source>
            <translation>RSA-2048 解密 %1 字节</translation>
        </message>
        <message>
            <source>RSA-2048 signature</source>
            <translation>RSA-2048 签名</translation>
        </message>
        <message>
            <source>Scale of PNG exports (1 to 8).</source>
            <translation>PNG 导出的缩放倍数（1 到 8）。</translation>
        </message>
        <message>
            <source>Scenario to export: a built-in id, a file, or a capture.</source>
            <translation>要导出的场景：内置 ID、文件或抓包。</translation>
        </message>
        <message>
            <source>Segment labels: textbook, relative, absolute or rfc.</source>
            <translation>报文段标注：textbook、relative、absolute 或 rfc。</translation>
        </message>
        <message>
            <source>Show this help and exit.</source>
            <translation>显示本帮助并退出。</translation>
        </message>
        <message>
            <source>Simulate scenario S, or read capture S (.pcap, .pcapng), and print its trace.</source>
            <translation>模拟场景 S，或读取抓包 S（.pcap、.pcapng），并输出其轨迹。</translation>
        </message>
        <message>
            <source>Simulate scenario S, or read capture S, and list its connections, one per line: id, a's address:port, b's address:port, a's first and last state, b's first and last state, segments (tab-separated).</source>
            <translation>模拟场景 S，或读取抓包 S，并列出其连接，每行一个：编号、a 的地址:端口、b 的地址:端口、a 的初始和最终状态、b 的初始和最终状态、报文段数（以制表符分隔）。</translation>
        </message>
        <message>
            <source>Simulate scenario S, or read capture S, and print its quiz: each question, before the step that answers it, with its choices, the right one and why (--format json for a program).</source>
            <translation>模拟场景 S 或读取抓包 S，并输出它的测验：每个问题都在揭晓答案的那一步之前提出，附带选项、正确答案和理由（--format json 供程序读取）。</translation>
        </message>
        <message>
            <source>Trace format for --print-trace: rfc, json or csv.</source>
            <translation>--print-trace 的轨迹格式：rfc、json 或 csv。</translation>
        </message>
        <message>
            <source>What to export: sequence, state, both, cwnd (the congestion window), tsg (the time–sequence graph), sockets (a scenario of hosts: its sockets per state over time) or side-by-side (a lesson's ways of making one request, on one time axis: handshake-rtts).</source>
            <translation>要导出的内容：sequence（时序图）、state（状态图）、both（两者）、cwnd（拥塞窗口）、tsg（时间–序号图）、sockets（多主机场景中各状态的套接字随时间的变化）或 side-by-side（同一个请求的几种发法，画在同一条时间轴上：handshake-rtts）。</translation>
        </message>
        <message>
            <source>With --print-trace or --export: only connection ID of a scenario of hosts or of a capture (--list-connections lists them).</source>
            <translation>与 --print-trace 或 --export 一起使用：只取主机场景或抓包中编号为 ID 的连接（--list-connections 可列出全部连接）。</translation>
        </message>
        <message>
            <source>With --view side-by-side: the runs drawn, in this order, by their clients' host names, separated by commas (by default every run).</source>
            <translation>与 --view side-by-side 一起使用：要画出的几次运行，按给出的顺序，用客户端的主机名表示，以逗号分隔（默认画出全部）。</translation>
        </message>
        <message>
            <source>With --view sockets: the host whose sockets are drawn (a name from the scenario's "hosts"; by default the one the lesson is about).</source>
            <translation>与 --view sockets 一起使用：要画出其套接字的主机（场景 "hosts" 中的名字；默认是课程关注的那台）。</translation>
        </message>
        <message>
            <source>X25519 key agreement, once a handshake</source>
            <translation>X25519 密钥协商，每次握手一次</translation>
        </message>
        <message>
            <source>cannot export '%1': %2</source>
            <translation>无法导出“%1”：%2</translation>
        </message>
        <message>
            <source>cannot export '%1': %2 is a capture already; open it in Wireshark as it is</source>
            <translation>无法导出“%1”：%2 本身已是抓包文件，可直接用 Wireshark 打开</translation>
        </message>
        <message>
            <source>cannot export '%1': %2 speaks no TLS, so it has no keys to log</source>
            <translation>无法导出“%1”：%2 不使用 TLS，没有可记录的密钥</translation>
        </message>
        <message>
            <source>cannot export '%1': unknown extension (use png, svg, pdf, dot, txt, json, csv, pcapng or log)</source>
            <translation>无法导出“%1”：未知的扩展名（请使用 png、svg、pdf、dot、txt、json、csv、pcapng 或 log）</translation>
        </message>
        <message>
            <source>cannot write the trace: %1</source>
            <translation>无法写出轨迹：%1</translation>
        </message>
        <message>
            <source>invalid value '%1' for --%2 (expected %3)</source>
            <translation>--%2 的值“%1”无效（应为 %3）</translation>
        </message>
        <message>
            <source>invalid value '%1' for --connection (expected a connection id, a whole number from 0)</source>
            <translation>--connection 的值“%1”无效（应为连接编号，即不小于 0 的整数）</translation>
        </message>
        <message>
            <source>invalid value '%1' for --runs (expected host names separated by commas)</source>
            <translation>--runs 的值“%1”无效（应为以逗号分隔的主机名）</translation>
        </message>
        <message>
            <source>invalid value '%1' for --scale (expected a number from 1 to 8)</source>
            <translation>--scale 的值“%1”无效（应为 1 到 8 之间的数）</translation>
        </message>
        <message>
            <source>invalid value '%1' for --step (expected a whole number from 0)</source>
            <translation>--step 的值“%1”无效（应为不小于 0 的整数）</translation>
        </message>
        <message>
            <source>no host '%1' in %2; its hosts: %3</source>
            <translation>%2 中没有主机 '%1'；它的主机有：%3</translation>
        </message>
        <message>
            <source>no run '%1' in %2; its runs: %3</source>
            <translation>%2 中没有运行“%1”；它的运行有：%3</translation>
        </message>
        <message>
            <source>note: %1</source>
            <translation>注意：%1</translation>
        </message>
        <message>
            <source>out of memory: the machine has too little free memory for this scenario</source>
            <translation>内存不足：这台机器剩余的内存不够模拟这个场景</translation>
        </message>
        <message>
            <source>tcpviz — watch TCP work, segment by segment (RFC 9293).</source>
            <translation>tcpviz — 逐个报文段观察 TCP 的工作过程（RFC 9293）。</translation>
        </message>
        <message>
            <source>too many arguments: %1</source>
            <translation>参数过多：%1</translation>
        </message>
        <message>
            <source>try 'tcpviz --help'</source>
            <translation>请尝试“tcpviz --help”</translation>
        </message>
        <message>
            <source>unknown scenario '%1': not a built-in scenario id or a file (tcpviz --list-scenarios lists the built-in ones)</source>
            <translation>未知场景“%1”：既不是内置场景 ID，也不是文件（tcpviz --list-scenarios 可列出内置场景）</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::CapacityPanel</name>
        <message>
            <source>&amp;Client addresses:</source>
            <translation>客户端地址数(&amp;C)：</translation>
        </message>
        <message>
            <source>&amp;Descriptors (ulimit -n):</source>
            <translation>文件描述符上限(&amp;D)（ulimit -n）：</translation>
        </message>
        <message>
            <source>4-tuples (client addresses 2^32 × client ports 2^16, per server socket): %1</source>
            <translation>四元组数（每个服务器套接字：客户端地址 2^32 × 客户端端口 2^16）：%1</translation>
        </message>
        <message>
            <source>A connection is its 4-tuple: the server's address and port, and the client's. How many can this server hold?</source>
            <translation>一个连接就是它的四元组：服务器的地址和端口，以及客户端的地址和端口。这台服务器最多能维持多少个连接？</translation>
        </message>
        <message>
            <source>An assumption to set: measure it on your machine (slabtop: TCP, sock_inode_cache, and the buffers the connections hold).</source>
            <translation>这是一个需要自行设定的假设值：请在你的机器上测量（slabtop 中的 TCP、sock_inode_cache，以及连接占用的缓冲区）。</translation>
        </message>
        <message>
            <source>At most %1 connections; the limit is %2.</source>
            <translation>最多 %1 个连接；瓶颈是%2。</translation>
        </message>
        <message>
            <source>Client &amp;ephemeral ports:</source>
            <translation>客户端临时端口数(&amp;E)：</translation>
        </message>
        <message>
            <source>Client addresses × ephemeral ports, per server socket: %1</source>
            <translation>客户端地址数 × 临时端口数（每个服务器套接字）：%1</translation>
        </message>
        <message>
            <source>Descriptors (ulimit -n × processes, less the listeners): %1</source>
            <translation>文件描述符（ulimit -n × 进程数，减去监听套接字）：%1</translation>
        </message>
        <message>
            <source>Kernel &amp;memory (GiB):</source>
            <translation>内核内存(&amp;M)（GiB）：</translation>
        </message>
        <message>
            <source>Kernel memory ÷ memory per connection: %1</source>
            <translation>内核内存 ÷ 每个连接占用的内存：%1</translation>
        </message>
        <message>
            <source>Memory per &amp;idle connection (KiB):</source>
            <translation>每个空闲连接的内存(&amp;I)（KiB）：</translation>
        </message>
        <message>
            <source>Server &amp;addresses:</source>
            <translation>服务器地址数(&amp;A)：</translation>
        </message>
        <message>
            <source>Server &amp;ports:</source>
            <translation>服务器端口数(&amp;P)：</translation>
        </message>
        <message>
            <source>Server p&amp;rocesses:</source>
            <translation>服务器进程数(&amp;R)：</translation>
        </message>
        <message>
            <source>file descriptors: raise ulimit -n (and fs.file-max)</source>
            <translation>文件描述符：请调高 ulimit -n（以及 fs.file-max）</translation>
        </message>
        <message>
            <source>memory</source>
            <translation>内存</translation>
        </message>
        <message>
            <source>the 4-tuple itself</source>
            <translation>四元组本身</translation>
        </message>
        <message>
            <source>the clients' addresses and ports</source>
            <translation>客户端的地址和端口</translation>
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
            <translation>%1（%2）</translation>
        </message>
        <message>
            <source>%1 → %2</source>
            <translation>%1 → %2</translation>
        </message>
        <message>
            <source>A (sent the SYN)</source>
            <translation>A（发出 SYN）</translation>
        </message>
        <message>
            <source>A's states</source>
            <translation>A 的状态</translation>
        </message>
        <message>
            <source>B</source>
            <translation>B</translation>
        </message>
        <message>
            <source>B's states</source>
            <translation>B 的状态</translation>
        </message>
        <message>
            <source>Completeness</source>
            <translation>完整性</translation>
        </message>
        <message>
            <source>Segments</source>
            <translation>报文段</translation>
        </message>
        <message>
            <source>complete (%1)</source>
            <translation>完整（%1）</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::CapturePanel</name>
        <message numerus="yes">
            <source>%n TCP connections in %1 packets. Double-click one to show it.</source>
            <translation>
                <numerusform>%1 个数据包中有 %n 个 TCP 连接。双击某个连接即可显示。</numerusform>
            </translation>
        </message>
        <message>
            <source>Make a lesson of the connection shown, which the engine replays and you can change</source>
            <translation>把当前显示的连接做成课程，由引擎重演，并可随意修改</translation>
        </message>
        <message>
            <source>Turn into a lesson</source>
            <translation>生成课程</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::CongestionPlot</name>
        <message>
            <source>%1 (off the top: %2)</source>
            <translation>%1（超出顶部：%2）</translation>
        </message>
        <message>
            <source>%1 sends nothing.</source>
            <translation>%1 没有发送任何报文段。</translation>
        </message>
        <message>
            <source>Bytes</source>
            <translation>字节</translation>
        </message>
        <message>
            <source>Bytes in flight of %1, without congestion control</source>
            <translation>%1 的在途字节数（无拥塞控制）</translation>
        </message>
        <message>
            <source>Congestion window of %1 — %2</source>
            <translation>%1 的拥塞窗口 — %2</translation>
        </message>
        <message>
            <source>bytes in flight</source>
            <translation>在途字节数</translation>
        </message>
        <message>
            <source>cwnd</source>
            <translation>cwnd</translation>
        </message>
        <message>
            <source>peer's window</source>
            <translation>对端窗口</translation>
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
            <translation>1. TCP 首部</translation>
        </message>
        <message>
            <source>10. The HTTPS handshake and certificates</source>
            <translation>10. HTTPS 握手与证书</translation>
        </message>
        <message>
            <source>11. How many connections a server can hold</source>
            <translation>11. 一台服务器能维持多少连接</translation>
        </message>
        <message>
            <source>2. The three-way handshake</source>
            <translation>2. 三次握手</translation>
        </message>
        <message>
            <source>3. The four-way teardown</source>
            <translation>3. 四次挥手</translation>
        </message>
        <message>
            <source>4. The state machine</source>
            <translation>4. 状态机</translation>
        </message>
        <message>
            <source>5. The TCB</source>
            <translation>5. TCB（传输控制块）</translation>
        </message>
        <message>
            <source>6. 2MSL and what TIME-WAIT is for</source>
            <translation>6. 2MSL 与 TIME-WAIT 的作用</translation>
        </message>
        <message>
            <source>7. Why three handshakes, and what if the last ACK is lost</source>
            <translation>7. 为什么是三次握手，最后一个 ACK 丢了会怎样</translation>
        </message>
        <message>
            <source>8. Many CLOSE-WAIT and TIME-WAIT connections in production</source>
            <translation>8. 生产环境中大量的 CLOSE-WAIT 与 TIME-WAIT</translation>
        </message>
        <message>
            <source>9. HTTP/2 and QUIC</source>
            <translation>9. HTTP/2 与 QUIC</translation>
        </message>
        <message>
            <source>A connection is named by four numbers, so a server's one port can hold far more than 65,535. What limits it is memory, file descriptors, the accept queue and, under attack, the SYN queue.</source>
            <translation>一个连接由四元组标识，所以服务器的一个端口能容纳的连接远不止 65535 个。真正的限制是内存、文件描述符、全连接队列，以及遭受攻击时的半连接（SYN）队列。</translation>
        </message>
        <message>
            <source>A program that never calls close() leaves its sockets in CLOSE-WAIT; a client making short connections piles up TIME-WAIT until it runs out of ports. Each has its cure, and its bad cure.</source>
            <translation>从不调用 close() 的程序会让套接字停在 CLOSE-WAIT；频繁建立短连接的客户端会堆积 TIME-WAIT，直到端口耗尽。两者各有正确的解法，也各有错误的“解法”。</translation>
        </message>
        <message>
            <source>Chapter and lessons</source>
            <translation>章节与课程</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>完成</translation>
        </message>
        <message>
            <source>Each direction is closed on its own: a FIN and its ACK each way. The side that closes first ends in TIME-WAIT; the other passes through CLOSE-WAIT and LAST-ACK.</source>
            <translation>两个方向各自关闭：每个方向一个 FIN 和它的 ACK。先关闭的一方最后进入 TIME-WAIT；另一方经过 CLOSE-WAIT 和 LAST-ACK。</translation>
        </message>
        <message>
            <source>Every segment carries ports, a sequence number, an acknowledgment number, flags and a window. Click a segment and the inspector shows its header in 32-bit rows: the SYN's MSS option, the window that paces a sender, the RST that ends a connection.</source>
            <translation>每个报文段都带有端口、序号、确认号、标志位和窗口。点击一个报文段，报文段详情会按 32 位一行显示它的首部：SYN 的 MSS 选项、控制发送速度的窗口、结束连接的 RST。</translation>
        </message>
        <message>
            <source>HTTP/2 sends many requests at once on one connection, but one lost TCP segment stalls them all. QUIC moves the streams into UDP, where a loss stalls only its own stream, and folds TLS into its handshake.</source>
            <translation>HTTP/2 在一个连接上同时发送多个请求，但丢失一个 TCP 报文段就会让它们全部停顿。QUIC 把流搬到 UDP 之上，一次丢包只会卡住它自己的流，并把 TLS 并入自己的握手。</translation>
        </message>
        <message>
            <source>Open with the quiz</source>
            <translation>打开并开始测验</translation>
        </message>
        <message>
            <source>Pick a chapter: it says what it is about and opens its lessons in order.</source>
            <translation>选择一个章节：这里会说明它讲什么，并按顺序打开它的课程。</translation>
        </message>
        <message>
            <source>Quiz: %1 of %2 right</source>
            <translation>测验：%2 题答对 %1 题</translation>
        </message>
        <message>
            <source>RFC 9293's Figure 5: eleven states and the events that move a connection between them. The RFC's own figures, replayed segment by segment.</source>
            <translation>RFC 9293 的图 5：十一个状态，以及让连接在它们之间转换的事件。RFC 自己的示例图，逐个报文段重放。</translation>
        </message>
        <message>
            <source>TIME-WAIT waits twice the maximum segment lifetime, so that a lost last ACK can be sent again and old duplicates of this connection die out before a new one takes its ports.</source>
            <translation>TIME-WAIT 等待两倍的最长报文段寿命：这样丢失的最后一个 ACK 可以重发，而且在新连接用上同样的端口之前，这个连接的旧重复报文段都已消失。</translation>
        </message>
        <message>
            <source>TLS agrees on keys with public-key work, checks the server's certificate chain, and then encrypts with symmetric keys, which are thousands of times faster. TLS 1.3 needs one round trip, TLS 1.2 two.</source>
            <translation>TLS 用公钥运算协商密钥，校验服务器的证书链，然后用快上千倍的对称密钥加密。TLS 1.3 需要一个往返，TLS 1.2 需要两个。</translation>
        </message>
        <message>
            <source>The Transmission Control Block holds what a connection remembers: SND.UNA, SND.NXT, SND.WND, RCV.NXT, RCV.WND, the timers. The inspector shows both sides' at the cursor; watch them move as data flows.</source>
            <translation>传输控制块保存连接需要记住的一切：SND.UNA、SND.NXT、SND.WND、RCV.NXT、RCV.WND 以及各个定时器。报文段详情显示双方在当前步的 TCB；数据流动时可以看到它们的变化。</translation>
        </message>
        <message>
            <source>The client's SYN carries its starting number x; the server's SYN,ACK carries its own y and acknowledges x+1; the client's ACK acknowledges y+1. Both sides then know the other's number.</source>
            <translation>客户端的 SYN 带着它的初始序号 x；服务器的 SYN,ACK 带着自己的 y 并确认 x+1；客户端的 ACK 确认 y+1。这样双方都知道了对方的序号。</translation>
        </message>
        <message>
            <source>Two would let an old duplicate SYN open a connection nobody asked for, and would leave the server unsure that its own number arrived. When the last ACK is lost, the server's timer sends its SYN,ACK again.</source>
            <translation>只握手两次，旧的重复 SYN 就可能打开一个没人要的连接，服务器也无法确定自己的序号已被收到。最后一个 ACK 丢失时，服务器的定时器会重发 SYN,ACK。</translation>
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
            <translation>端点</translation>
        </message>
        <message>
            <source>Segment</source>
            <translation>报文段</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>Step</source>
            <translation>步</translation>
        </message>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>What happened</source>
            <translation>事件</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::ExportDialog</name>
        <message>
            <source>&amp;Format:</source>
            <translation>格式(&amp;F)：</translation>
        </message>
        <message>
            <source>&amp;View:</source>
            <translation>视图(&amp;V)：</translation>
        </message>
        <message>
            <source>A key under the figure: arrows, tags, lost segments, timers and state colours. Edit → Copy diagram follows this choice too.</source>
            <translation>在图下方附上图例：箭头、标记、丢失的报文段、计时器和状态颜色。“编辑 → 复制图”也遵循此设置。</translation>
        </message>
        <message>
            <source>Both, side by side</source>
            <translation>两者并排</translation>
        </message>
        <message>
            <source>Cannot export “%1”: %2</source>
            <translation>无法导出“%1”：%2</translation>
        </message>
        <message>
            <source>Cannot export “%1”: this is a capture already</source>
            <translation>无法导出“%1”：这本身就是抓包</translation>
        </message>
        <message>
            <source>Capture for Wireshark (pcapng)</source>
            <translation>抓包文件，供 Wireshark 使用（pcapng）</translation>
        </message>
        <message>
            <source>Captures (*.pcapng)</source>
            <translation>抓包文件 (*.pcapng)</translation>
        </message>
        <message>
            <source>Congestion window plot</source>
            <translation>拥塞窗口图</translation>
        </message>
        <message>
            <source>Export Diagram</source>
            <translation>导出图</translation>
        </message>
        <message>
            <source>Export…</source>
            <translation>导出…</translation>
        </message>
        <message>
            <source>Host chart</source>
            <translation>主机图</translation>
        </message>
        <message>
            <source>Legend (what the marks mean)</source>
            <translation>图例（各标记的含义）</translation>
        </message>
        <message>
            <source>PDF document</source>
            <translation>PDF 文档</translation>
        </message>
        <message>
            <source>PDF documents (*.pdf)</source>
            <translation>PDF 文档 (*.pdf)</translation>
        </message>
        <message>
            <source>PNG &amp;scale:</source>
            <translation>PNG 缩放(&amp;S)：</translation>
        </message>
        <message>
            <source>PNG image</source>
            <translation>PNG 图像</translation>
        </message>
        <message>
            <source>PNG images (*.png)</source>
            <translation>PNG 图像 (*.png)</translation>
        </message>
        <message>
            <source>Range:</source>
            <translation>范围：</translation>
        </message>
        <message>
            <source>Runs side by side</source>
            <translation>几次运行并排对比</translation>
        </message>
        <message>
            <source>SVG drawing</source>
            <translation>SVG 矢量图</translation>
        </message>
        <message>
            <source>SVG drawings (*.svg)</source>
            <translation>SVG 矢量图 (*.svg)</translation>
        </message>
        <message>
            <source>Sequence diagram</source>
            <translation>时序图</translation>
        </message>
        <message>
            <source>State diagram</source>
            <translation>状态图</translation>
        </message>
        <message>
            <source>This is a capture already: open its file in Wireshark as it is.</source>
            <translation>这本身就是抓包：请直接用 Wireshark 打开它的文件。</translation>
        </message>
        <message>
            <source>Time–sequence graph</source>
            <translation>时间–序号图</translation>
        </message>
        <message>
            <source>Title (the scenario's name)</source>
            <translation>标题（场景名称）</translation>
        </message>
        <message>
            <source>Transparent background</source>
            <translation>透明背景</translation>
        </message>
        <message>
            <source>Up to the current step</source>
            <translation>到当前步为止</translation>
        </message>
        <message>
            <source>Whole trace</source>
            <translation>完整轨迹</translation>
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
            <translation>同一条链路上的同一个请求，单向时延 %1</translation>
        </message>
        <message>
            <source>The same request over one link, %1 each way, %2 % lost</source>
            <translation>同一条链路上的同一个请求，单向时延 %1，丢包率 %2 %</translation>
        </message>
        <message>
            <source>the host chart shows a lesson of hosts (tcpviz-scenario/2); this lesson has two endpoints</source>
            <translation>主机图只用于主机课程（tcpviz-scenario/2）；这个课程只有两个端点</translation>
        </message>
        <message>
            <source>the sequence diagram would draw %1 segments, more than the %2 a figure may have: export it at an earlier step, or export the trace as text (txt, json or csv)</source>
            <translation>时序图要画 %1 个报文段，超过了一张图允许的 %2 个：请导出较早的某一步，或把轨迹导出为文本（txt、json 或 csv）</translation>
        </message>
        <message>
            <source>the side-by-side view compares a lesson's clients making one request in different ways (handshake-rtts); this lesson has no such runs</source>
            <translation>并排对比视图比较的是课程中用不同方式发出同一个请求的客户端（handshake-rtts）；这个课程没有这样的运行</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::Exporter</name>
        <message>
            <source>cannot write %1: %2</source>
            <translation>无法写入 %1：%2</translation>
        </message>
        <message>
            <source>not enough memory for a picture %1 pixels wide</source>
            <translation>内存不足，无法生成 %1 像素宽的图片</translation>
        </message>
        <message>
            <source>the disk is full (%1)</source>
            <translation>磁盘已满（%1）</translation>
        </message>
        <message>
            <source>the picture is empty</source>
            <translation>图片为空</translation>
        </message>
        <message>
            <source>the picture would be %1×%2 pixels, more than %3 million: choose a smaller scale</source>
            <translation>图片将为 %1×%2 像素，超过 %3 百万像素：请选择更小的缩放倍数</translation>
        </message>
        <message>
            <source>the picture would be %1×%2 pixels, wider than %3: choose a smaller scale</source>
            <translation>图片将为 %1×%2 像素，宽于 %3 像素：请选择更小的缩放倍数</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::HeaderDiagram</name>
        <message>
            <source>Acknowledgment Number</source>
            <translation>确认号</translation>
        </message>
        <message>
            <source>Checksum</source>
            <translation>校验和</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>数据</translation>
        </message>
        <message>
            <source>Data Offset</source>
            <translation>数据偏移</translation>
        </message>
        <message>
            <source>Destination Port</source>
            <translation>目的端口</translation>
        </message>
        <message>
            <source>Flags</source>
            <translation>标志</translation>
        </message>
        <message>
            <source>Length</source>
            <translation>长度</translation>
        </message>
        <message>
            <source>Options</source>
            <translation>选项</translation>
        </message>
        <message>
            <source>Rsrvd</source>
            <translation>保留</translation>
        </message>
        <message>
            <source>Sequence Number</source>
            <translation>序号</translation>
        </message>
        <message>
            <source>Source Port</source>
            <translation>源端口</translation>
        </message>
        <message>
            <source>Urgent Pointer</source>
            <translation>紧急指针</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>窗口</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::HostChart</name>
        <message>
            <source>&amp;Host:</source>
            <translation>主机(&amp;H)：</translation>
        </message>
        <message>
            <source>No lesson of hosts is open.</source>
            <translation>没有打开主机课程。</translation>
        </message>
        <message>
            <source>SYN dropped</source>
            <translation>SYN 被丢弃</translation>
        </message>
        <message>
            <source>SYN refused (RST)</source>
            <translation>SYN 被拒绝（RST）</translation>
        </message>
        <message>
            <source>Sockets of %1 (%2) per state</source>
            <translation>%1（%2）各状态的套接字数</translation>
        </message>
        <message>
            <source>Sockets per state: open a lesson of hosts</source>
            <translation>各状态的套接字数：请打开一个主机课程</translation>
        </message>
        <message>
            <source>This host holds no TCP connection.</source>
            <translation>这台主机上没有 TCP 连接。</translation>
        </message>
        <message>
            <source>accept() failed</source>
            <translation>accept() 失败</translation>
        </message>
        <message>
            <source>connect() failed</source>
            <translation>connect() 失败</translation>
        </message>
        <message>
            <source>descriptor limit (ulimit -n): %1</source>
            <translation>文件描述符上限（ulimit -n）：%1</translation>
        </message>
        <message>
            <source>ephemeral ports %1–%2: %3</source>
            <translation>临时端口 %1–%2：%3 个</translation>
        </message>
        <message>
            <source>listen() failed</source>
            <translation>listen() 失败</translation>
        </message>
        <message>
            <source>listening again</source>
            <translation>重新监听</translation>
        </message>
        <message>
            <source>server stopped</source>
            <translation>服务器停止</translation>
        </message>
        <message>
            <source>sockets</source>
            <translation>套接字数</translation>
        </message>
        <message>
            <source>time (s)</source>
            <translation>时间（秒）</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::LegendScene</name>
        <message>
            <source>%1 (A) is in this state</source>
            <translation>%1（A）处于此状态</translation>
        </message>
        <message>
            <source>%1 (B) is in this state</source>
            <translation>%1（B）处于此状态</translation>
        </message>
        <message>
            <source>TIME-WAIT timer</source>
            <translation>TIME-WAIT 计时器</translation>
        </message>
        <message>
            <source>a copy the network made</source>
            <translation>网络复制出的副本</translation>
        </message>
        <message>
            <source>a duplicate ACK, counted by the sender</source>
            <translation>重复 ACK（发送方计数）</translation>
        </message>
        <message>
            <source>a timer expired</source>
            <translation>计时器超时</translation>
        </message>
        <message>
            <source>lost on the way</source>
            <translation>在途中丢失</translation>
        </message>
        <message>
            <source>retransmission timer (pale: stopped in time)</source>
            <translation>重传计时器（浅色：及时停止）</translation>
        </message>
        <message>
            <source>segment, from sender to receiver</source>
            <translation>报文段，从发送方指向接收方</translation>
        </message>
        <message>
            <source>sent again after a timeout</source>
            <translation>超时后再次发送</translation>
        </message>
        <message>
            <source>sent again at once: after three duplicate ACKs, or a partial ACK in fast recovery</source>
            <translation>立即重发：收到三个重复 ACK 后，或在快速恢复中收到部分确认后</translation>
        </message>
        <message>
            <source>state entered: opening, established, active close, passive close, TIME-WAIT</source>
            <translation>进入的状态：建立中、已建立、主动关闭、被动关闭、TIME-WAIT</translation>
        </message>
        <message>
            <source>transitions taken so far</source>
            <translation>目前已经过的转换</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::LessonDialog</name>
        <message>
            <source>&amp;Description:</source>
            <translation>说明(&amp;D)：</translation>
        </message>
        <message>
            <source>&amp;Title:</source>
            <translation>标题(&amp;T)：</translation>
        </message>
        <message>
            <source>Endpoint %1:</source>
            <translation>端点 %1：</translation>
        </message>
        <message>
            <source>Lesson</source>
            <translation>课程</translation>
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
            <translation> 毫秒</translation>
        </message>
        <message>
            <source>%1 uses bursty (Gilbert–Elliott) loss from the scenario file; edit the file to change it.</source>
            <translation>%1 使用场景文件中的突发（Gilbert–Elliott）丢包；如需修改，请编辑该文件。</translation>
        </message>
        <message>
            <source>%1 → %2</source>
            <translation>%1 → %2</translation>
        </message>
        <message>
            <source>%1, %2</source>
            <translation>%1，%2</translation>
        </message>
        <message>
            <source>&amp;Bandwidth</source>
            <translation>带宽(&amp;B)</translation>
        </message>
        <message>
            <source>&amp;Jitter</source>
            <translation>抖动(&amp;J)</translation>
        </message>
        <message>
            <source>&amp;Loss</source>
            <translation>丢包率(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;New seed</source>
            <translation>换个种子(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Same both ways</source>
            <translation>双向相同(&amp;S)</translation>
        </message>
        <message>
            <source>An extra delay chosen at random between 0 and this value for each segment; segments can then arrive out of order.</source>
            <translation>为每个报文段随机增加 0 到该值之间的额外时延，报文段因此可能乱序到达。</translation>
        </message>
        <message>
            <source>Both directions use bursty (Gilbert–Elliott) loss from the scenario file; edit the file to change it.</source>
            <translation>两个方向都使用场景文件中的突发（Gilbert–Elliott）丢包；如需修改，请编辑该文件。</translation>
        </message>
        <message>
            <source>Copy each change of one direction to the other direction.</source>
            <translation>对一个方向的每次修改同时应用到另一个方向。</translation>
        </message>
        <message>
            <source>D&amp;uplication</source>
            <translation>重复率(&amp;U)</translation>
        </message>
        <message>
            <source>How long a segment takes to cross the network in this direction. The round-trip time is the sum of both directions' delays.</source>
            <translation>报文段在此方向上穿越网络所需的时间。往返时间等于两个方向时延之和。</translation>
        </message>
        <message>
            <source>One-way &amp;delay</source>
            <translation>单向时延(&amp;D)</translation>
        </message>
        <message>
            <source>Pick another seed at random: the same link, another roll of the dice.</source>
            <translation>随机换一个种子：链路不变，重新掷一次骰子。</translation>
        </message>
        <message>
            <source>S&amp;eed</source>
            <translation>种子(&amp;E)</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>种子</translation>
        </message>
        <message>
            <source>The chance that the network delivers a segment twice. The receiver recognises the copy by its sequence number and discards it (RFC 9293 §3.10.7.4).</source>
            <translation>网络把一个报文段投递两次的概率。接收方根据序号识别出副本并将其丢弃（RFC 9293 §3.10.7.4）。</translation>
        </message>
        <message>
            <source>The chance that the network loses a segment in this direction, independently for each segment. TCP recovers lost data by retransmitting it (RFC 9293 §3.8.1).</source>
            <translation>网络在此方向上丢失报文段的概率，每个报文段相互独立。TCP 通过重传恢复丢失的数据（RFC 9293 §3.8.1）。</translation>
        </message>
        <message>
            <source>The link's rate: segments queue up behind each other and a full queue drops them. 0: unlimited.</source>
            <translation>链路速率：报文段依次排队，队列满时会被丢弃。0 表示不限。</translation>
        </message>
        <message>
            <source>The seed of the random numbers behind jitter, loss and duplication: the same seed replays exactly the same run, another seed gives another one.</source>
            <translation>抖动、丢包和重复所用随机数的种子：相同的种子会完全重现同一次运行，换一个种子则得到另一次运行。</translation>
        </message>
        <message>
            <source>This direction uses the bursty loss set in the scenario file.</source>
            <translation>此方向使用场景文件中设置的突发丢包。</translation>
        </message>
        <message>
            <source>unlimited</source>
            <translation>不限</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::MainWindow</name>
        <message>
            <source>%1 %</source>
            <translation>%1%</translation>
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
            <translation>关于 tcpviz(&amp;A)</translation>
        </message>
        <message>
            <source>&amp;Built-in scenarios</source>
            <translation>内置场景(&amp;B)</translation>
        </message>
        <message>
            <source>&amp;Copy diagram</source>
            <translation>复制图(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>编辑(&amp;E)</translation>
        </message>
        <message>
            <source>&amp;Export…</source>
            <translation>导出(&amp;E)…</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Keyboard shortcuts</source>
            <translation>键盘快捷键(&amp;K)</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>语言(&amp;L)</translation>
        </message>
        <message>
            <source>&amp;Lesson: title, description, names…</source>
            <translation>课程：标题、说明、名称(&amp;L)…</translation>
        </message>
        <message>
            <source>&amp;Notation</source>
            <translation>标注方式(&amp;N)</translation>
        </message>
        <message>
            <source>&amp;Open scenario…</source>
            <translation>打开场景(&amp;O)…</translation>
        </message>
        <message>
            <source>&amp;Playback</source>
            <translation>播放(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Presentation mode</source>
            <translation>演示模式(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Quiz: predict the next step</source>
            <translation>测验：预测下一步(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Redo: %1</source>
            <translation>重做：%1(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>保存(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Simulate again</source>
            <translation>重新模拟(&amp;S)</translation>
        </message>
        <message>
            <source>&amp;Theme</source>
            <translation>主题(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Turn into a lesson</source>
            <translation>生成课程(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Undo: %1</source>
            <translation>撤销：%1(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>&lt;h3&gt;tcpviz %1&lt;/h3&gt;&lt;p&gt;Watch TCP work, segment by segment: the connection states of RFC 9293 and the segments between two endpoints, for teaching and learning.&lt;/p&gt;&lt;p&gt;Licence: GNU General Public License, version 3 or later.&lt;/p&gt;&lt;p&gt;Built with Qt %2 and Boost.Graph.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;tcpviz %1&lt;/h3&gt;&lt;p&gt;逐个报文段观察 TCP 的工作过程：RFC 9293 的连接状态，以及两个端点之间往来的报文段，供教学与学习使用。&lt;/p&gt;&lt;p&gt;许可证：GNU 通用公共许可证第 3 版或更高版本。&lt;/p&gt;&lt;p&gt;基于 Qt %2 与 Boost.Graph 构建。&lt;/p&gt;</translation>
        </message>
        <message>
            <source>A lesson made from the capture: change it, drop a segment, or save it (File → Save As).</source>
            <translation>已由抓包生成课程：可以修改、丢弃报文段，或保存（文件 → 另存为）。</translation>
        </message>
        <message>
            <source>A only</source>
            <translation>仅 A</translation>
        </message>
        <message>
            <source>About &amp;Qt</source>
            <translation>关于 Qt(&amp;Q)</translation>
        </message>
        <message>
            <source>About tcpviz</source>
            <translation>关于 tcpviz</translation>
        </message>
        <message>
            <source>Absolute (seq=100)</source>
            <translation>绝对序号 (seq=100)</translation>
        </message>
        <message>
            <source>Also draw the transitions that Figure 5 leaves to its notes and the text</source>
            <translation>同时画出图 5 只在注释和正文中说明的状态转换</translation>
        </message>
        <message>
            <source>Answer first: click a choice or press 1–4 (or skip it)</source>
            <translation>请先回答：点击一个选项或按 1–4（也可以跳过）</translation>
        </message>
        <message>
            <source>B only</source>
            <translation>仅 B</translation>
        </message>
        <message>
            <source>BSD state names (SYN_SENT)</source>
            <translation>BSD 状态名 (SYN_SENT)</translation>
        </message>
        <message>
            <source>Back to the start (Home)</source>
            <translation>回到开头 (Home)</translation>
        </message>
        <message>
            <source>Before each step, a question about what it does (Q)</source>
            <translation>每一步之前，就这一步会发生什么提一个问题（Q）</translation>
        </message>
        <message>
            <source>Blank the screen</source>
            <translation>黑屏</translation>
        </message>
        <message>
            <source>Blank the screen while presenting</source>
            <translation>演示时黑屏</translation>
        </message>
        <message>
            <source>Both</source>
            <translation>两者</translation>
        </message>
        <message>
            <source>By event</source>
            <translation>按事件</translation>
        </message>
        <message>
            <source>By segment</source>
            <translation>按报文段</translation>
        </message>
        <message>
            <source>Cannot open the scenario</source>
            <translation>无法打开场景</translation>
        </message>
        <message>
            <source>Cannot save the scenario</source>
            <translation>无法保存场景</translation>
        </message>
        <message>
            <source>Clear the list</source>
            <translation>清空列表</translation>
        </message>
        <message>
            <source>Congestion window</source>
            <translation>拥塞窗口</translation>
        </message>
        <message>
            <source>Connection calculator</source>
            <translation>连接数计算器</translation>
        </message>
        <message>
            <source>Connections</source>
            <translation>连接</translation>
        </message>
        <message>
            <source>Copy diagram</source>
            <translation>复制图</translation>
        </message>
        <message>
            <source>Copy the diagram</source>
            <translation>复制图</translation>
        </message>
        <message>
            <source>Course</source>
            <translation>课程</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>深色</translation>
        </message>
        <message>
            <source>Draw each endpoint on the other side, the client on the right: its names, addresses, calls and faults go with it</source>
            <translation>把两个端点左右互换，客户端画在右边：名称、地址、调用和故障随端点一起移动</translation>
        </message>
        <message>
            <source>Drop next segment</source>
            <translation>丢弃下一个报文段</translation>
        </message>
        <message>
            <source>Drop the next segment</source>
            <translation>丢弃下一个报文段</translation>
        </message>
        <message>
            <source>Edit the lesson</source>
            <translation>编辑课程</translation>
        </message>
        <message>
            <source>Event log</source>
            <translation>事件日志</translation>
        </message>
        <message>
            <source>Export the diagram</source>
            <translation>导出图</translation>
        </message>
        <message>
            <source>First</source>
            <translation>开头</translation>
        </message>
        <message>
            <source>Fit page</source>
            <translation>适应页面</translation>
        </message>
        <message>
            <source>Fit width</source>
            <translation>适应宽度</translation>
        </message>
        <message>
            <source>Follow the system</source>
            <translation>跟随系统</translation>
        </message>
        <message>
            <source>Full screen with the two diagrams side by side (F5; Esc leaves)</source>
            <translation>全屏并排显示两张图（F5；Esc 退出）</translation>
        </message>
        <message>
            <source>High contrast (for projectors)</source>
            <translation>高对比度（适合投影仪）</translation>
        </message>
        <message>
            <source>Host chart</source>
            <translation>主机图</translation>
        </message>
        <message>
            <source>Key</source>
            <translation>图例</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>键盘快捷键</translation>
        </message>
        <message>
            <source>Labels </source>
            <translation>标注 </translation>
        </message>
        <message>
            <source>Last</source>
            <translation>末尾</translation>
        </message>
        <message>
            <source>Laying out the diagram…</source>
            <translation>正在排布时序图…</translation>
        </message>
        <message>
            <source>Leave presentation mode</source>
            <translation>退出演示模式</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>浅色</translation>
        </message>
        <message>
            <source>Link</source>
            <translation>链路</translation>
        </message>
        <message>
            <source>Live connection</source>
            <translation>实时连接</translation>
        </message>
        <message>
            <source>Live: tcpviz's engine (192.0.2.1) connects to this computer's Linux kernel (198.51.100.7) through a TUN device…</source>
            <translation>实时：tcpviz 引擎（192.0.2.1）正通过 TUN 设备连接本机的 Linux 内核（198.51.100.7）…</translation>
        </message>
        <message>
            <source>Make a lesson of the capture's connection shown: its numbers, timing, data and losses, replayed by the engine and open to what-if edits</source>
            <translation>把抓包中当前显示的连接做成课程：沿用其序号、时间、数据和丢包，由引擎重演，并可进行“假如”编辑</translation>
        </message>
        <message>
            <source>Next</source>
            <translation>下一步</translation>
        </message>
        <message>
            <source>Next step</source>
            <translation>下一步</translation>
        </message>
        <message>
            <source>Next step (Right, Space, Page Down)</source>
            <translation>下一步 (Right、Space、Page Down)</translation>
        </message>
        <message>
            <source>No recent files</source>
            <translation>没有最近的文件</translation>
        </message>
        <message>
            <source>Normal (100 %)</source>
            <translation>正常（100%）</translation>
        </message>
        <message>
            <source>Nothing on the disk was changed; the edits are still here, not saved.</source>
            <translation>磁盘上的文件没有被改动；所做的编辑仍在窗口中，尚未保存。</translation>
        </message>
        <message>
            <source>Nothing was copied: %1</source>
            <translation>没有复制任何内容：%1</translation>
        </message>
        <message>
            <source>Open &amp;recent</source>
            <translation>最近打开(&amp;R)</translation>
        </message>
        <message>
            <source>Open a scenario</source>
            <translation>打开场景</translation>
        </message>
        <message>
            <source>Open a scenario or a capture</source>
            <translation>打开场景或抓包文件</translation>
        </message>
        <message>
            <source>Opening %1: preparing the steps…</source>
            <translation>正在打开 %1：准备各个步骤…</translation>
        </message>
        <message>
            <source>Opening %1: reading the capture, %2 packets so far…</source>
            <translation>正在打开 %1：读取抓包，已读 %2 个数据包…</translation>
        </message>
        <message>
            <source>Opening %1: reading the file…</source>
            <translation>正在打开 %1：读取文件…</translation>
        </message>
        <message>
            <source>Opening %1: simulating, %2 events so far…</source>
            <translation>正在打开 %1：模拟中，已有 %2 个事件…</translation>
        </message>
        <message>
            <source>Opening %1: simulating…</source>
            <translation>正在打开 %1：模拟中…</translation>
        </message>
        <message>
            <source>Pause</source>
            <translation>暂停</translation>
        </message>
        <message>
            <source>Pen while presenting: draw / wipe the ink</source>
            <translation>演示时的画笔：绘制 / 擦除笔迹</translation>
        </message>
        <message>
            <source>Pen: draw on the diagram</source>
            <translation>画笔：在图上绘制</translation>
        </message>
        <message>
            <source>Placing the labels: %1 of %2…</source>
            <translation>正在放置标签：%1 / %2…</translation>
        </message>
        <message>
            <source>Play</source>
            <translation>播放</translation>
        </message>
        <message>
            <source>Play or pause</source>
            <translation>播放或暂停</translation>
        </message>
        <message>
            <source>Play or pause (P)</source>
            <translation>播放或暂停 (P)</translation>
        </message>
        <message>
            <source>Playback</source>
            <translation>播放</translation>
        </message>
        <message>
            <source>Plots</source>
            <translation>图表</translation>
        </message>
        <message>
            <source>Presentation mode</source>
            <translation>演示模式</translation>
        </message>
        <message>
            <source>Previous</source>
            <translation>上一步</translation>
        </message>
        <message>
            <source>Previous step</source>
            <translation>上一步</translation>
        </message>
        <message>
            <source>Previous step (Left, Page Up)</source>
            <translation>上一步 (Left、Page Up)</translation>
        </message>
        <message>
            <source>Quit</source>
            <translation>退出</translation>
        </message>
        <message>
            <source>Quiz</source>
            <translation>测验</translation>
        </message>
        <message>
            <source>Quiz mode / answer 1–4</source>
            <translation>测验模式 / 用 1–4 作答</translation>
        </message>
        <message>
            <source>RFC 9293 (&lt;SEQ=100&gt;)</source>
            <translation>RFC 9293 (&lt;SEQ=100&gt;)</translation>
        </message>
        <message>
            <source>Relative (seq=0)</source>
            <translation>相对序号 (seq=0)</translation>
        </message>
        <message>
            <source>Right-click an arrow or a lifeline in the diagram to ask “what if…?”.</source>
            <translation>在图中右键单击箭头或生命线，即可提问“如果……会怎样？”。</translation>
        </message>
        <message>
            <source>S&amp;wap the two sides</source>
            <translation>互换两端(&amp;W)</translation>
        </message>
        <message>
            <source>Save &amp;as…</source>
            <translation>另存为(&amp;A)…</translation>
        </message>
        <message>
            <source>Save the scenario</source>
            <translation>保存场景</translation>
        </message>
        <message>
            <source>Saved %1</source>
            <translation>已保存 %1</translation>
        </message>
        <message>
            <source>Scenario description</source>
            <translation>场景说明</translation>
        </message>
        <message>
            <source>Scenarios</source>
            <translation>场景</translation>
        </message>
        <message>
            <source>Scenarios (*.json);;All files (*)</source>
            <translation>场景 (*.json);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Scenarios and captures (*.json *.pcap *.pcapng);;Scenarios (*.json);;Captures (*.pcap *.pcapng);;All files (*)</source>
            <translation>场景和抓包文件 (*.json *.pcap *.pcapng);;场景 (*.json);;抓包文件 (*.pcap *.pcapng);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Segment inspector</source>
            <translation>报文段详情</translation>
        </message>
        <message>
            <source>Sequence diagram</source>
            <translation>时序图</translation>
        </message>
        <message>
            <source>Show extra edges</source>
            <translation>显示附加转换</translation>
        </message>
        <message>
            <source>Show later steps faded</source>
            <translation>淡化显示后续步骤</translation>
        </message>
        <message>
            <source>Show timers</source>
            <translation>显示计时器</translation>
        </message>
        <message>
            <source>Side by side</source>
            <translation>并排对比</translation>
        </message>
        <message>
            <source>Simulate again</source>
            <translation>重新模拟</translation>
        </message>
        <message>
            <source>Sockets</source>
            <translation>套接字</translation>
        </message>
        <message>
            <source>Speed </source>
            <translation>速度 </translation>
        </message>
        <message>
            <source>State diagram</source>
            <translation>状态图</translation>
        </message>
        <message>
            <source>State diagram &amp;shows</source>
            <translation>状态图显示(&amp;S)</translation>
        </message>
        <message>
            <source>Step %1 / %2</source>
            <translation>第 %1 / %2 步</translation>
        </message>
        <message>
            <source>Step 0000 / 0000</source>
            <translation>第 0000 / 0000 步</translation>
        </message>
        <message>
            <source>Step by event</source>
            <translation>按事件单步</translation>
        </message>
        <message>
            <source>Step by segment</source>
            <translation>按报文段单步</translation>
        </message>
        <message>
            <source>Stop opening</source>
            <translation>停止打开</translation>
        </message>
        <message>
            <source>Stop opening the file; the lesson shown stays (Esc)</source>
            <translation>停止打开文件，保留当前显示的课程（Esc）</translation>
        </message>
        <message>
            <source>Stopped opening %1; the lesson shown is unchanged.</source>
            <translation>已停止打开 %1，当前显示的课程没有改变。</translation>
        </message>
        <message>
            <source>Swap the two sides</source>
            <translation>互换两端</translation>
        </message>
        <message>
            <source>TCP Visualizer</source>
            <translation>TCP 可视化教学</translation>
        </message>
        <message>
            <source>Te&amp;xt size</source>
            <translation>文字大小(&amp;X)</translation>
        </message>
        <message>
            <source>Textbook (seq=x)</source>
            <translation>教材记法 (seq=x)</translation>
        </message>
        <message>
            <source>The lesson's runs of one request on one time axis, with their round trips counted</source>
            <translation>课程中同一个请求的几次运行画在同一条时间轴上，并数出各自的往返次数</translation>
        </message>
        <message>
            <source>The live connection has ended. Its frames are kept in %1, for tcpviz or Wireshark.</source>
            <translation>实时连接已结束。它的数据包保存在 %1，可用 tcpviz 或 Wireshark 打开。</translation>
        </message>
        <message>
            <source>The live connection needs root and /dev/net/tun: it makes a network namespace of its own and a TUN device in it. Run tcpviz --interop-demo as root.</source>
            <translation>实时连接需要 root 权限和 /dev/net/tun：它要新建一个网络命名空间，并在其中创建 TUN 设备。请以 root 身份运行 tcpviz --interop-demo。</translation>
        </message>
        <message>
            <source>The live connection stopped.</source>
            <translation>实时连接已中断。</translation>
        </message>
        <message>
            <source>Time–sequence</source>
            <translation>时间–序号</translation>
        </message>
        <message>
            <source>To the end (End)</source>
            <translation>跳到末尾 (End)</translation>
        </message>
        <message>
            <source>To the start / to the end</source>
            <translation>回到开头 / 跳到结尾</translation>
        </message>
        <message>
            <source>Undo / redo an edit</source>
            <translation>撤销 / 重做修改</translation>
        </message>
        <message>
            <source>Unsaved changes</source>
            <translation>未保存的修改</translation>
        </message>
        <message>
            <source>View</source>
            <translation>视图</translation>
        </message>
        <message>
            <source>What if it were lost? The segment of the next step is dropped instead of arriving, and that step is shown (Ctrl+D)</source>
            <translation>如果它丢失了会怎样？下一步的报文段将被丢弃而不是到达，并立即显示这一步（Ctrl+D）</translation>
        </message>
        <message>
            <source>What-if editing is off for a capture: it shows what happened (pick another connection in the Connections dock).</source>
            <translation>抓包不能进行“假如”编辑：它显示的是实际发生的情况（可在“连接”面板中选择其他连接）。</translation>
        </message>
        <message>
            <source>What-if editing works on lessons of two endpoints; a lesson of hosts is shown as it is (pick another connection in the Sockets dock).</source>
            <translation>“假如”编辑只适用于两个端点的课程；主机课程按原样显示（可在“套接字”面板中选择其他连接）。</translation>
        </message>
        <message>
            <source>Wipe the ink</source>
            <translation>擦除笔迹</translation>
        </message>
        <message>
            <source>Zoom in</source>
            <translation>放大</translation>
        </message>
        <message>
            <source>Zoom in / out / fit width / fit page</source>
            <translation>放大 / 缩小 / 适应宽度 / 适应页面</translation>
        </message>
        <message>
            <source>Zoom out</source>
            <translation>缩小</translation>
        </message>
        <message>
            <source>t = %1</source>
            <translation>t = %1</translation>
        </message>
        <message>
            <source>“%1” has changes that are not saved. Save them first?</source>
            <translation>“%1”有尚未保存的修改。要先保存吗？</translation>
        </message>
        <message>
            <source>“%1” is not there any more.</source>
            <translation>“%1”已不存在。</translation>
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
            <translation>发送方：</translation>
        </message>
        <message>
            <source>Time (s)</source>
            <translation>时间（秒）</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::QuizPanel</name>
        <message numerus="yes">
            <source>%n s left to think</source>
            <translation>
                <numerusform>还剩 %n 秒思考</numerusform>
            </translation>
        </message>
        <message>
            <source>Answer: %1. %2</source>
            <translation>答案：%1。%2</translation>
        </message>
        <message>
            <source>Finding the questions…</source>
            <translation>正在找出问题…</translation>
        </message>
        <message>
            <source>Predict the next step</source>
            <translation>预测下一步</translation>
        </message>
        <message>
            <source>Quiz mode is off: press Q to be asked before each step.</source>
            <translation>测验模式未开启：按 Q，每一步之前都会提问。</translation>
        </message>
        <message>
            <source>Reveal the answer (→ or Space)</source>
            <translation>揭晓答案（→ 或空格）</translation>
        </message>
        <message>
            <source>Score: %1 of %2 in this lesson, %3 of %4 in all</source>
            <translation>得分：本课 %2 题答对 %1 题，总计 %4 题答对 %3 题</translation>
        </message>
        <message>
            <source>Skip: show the answer</source>
            <translation>跳过：显示答案</translation>
        </message>
        <message>
            <source>Skipped. %1</source>
            <translation>已跳过。%1</translation>
        </message>
        <message>
            <source>Step on (→ or Space): the next question comes before the step it is about.</source>
            <translation>继续前进（→ 或空格）：下一个问题会在它所问的那一步之前出现。</translation>
        </message>
        <message>
            <source>This trace has nothing to ask about.</source>
            <translation>这条轨迹没有可以提问的地方。</translation>
        </message>
        <message>
            <source>Time is up: reveal the answer</source>
            <translation>时间到：揭晓答案</translation>
        </message>
        <message>
            <source>✓ Right. %1</source>
            <translation>✓ 答对了。%1</translation>
        </message>
        <message>
            <source>✗ Not %1. %2</source>
            <translation>✗ 不是 %1。%2</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::QuizText</name>
        <message>
            <source>%1 %2 (%3).</source>
            <translation>%1%2（%3）。</translation>
        </message>
        <message>
            <source>%1 goes from %2 to %3: %4 (%5).</source>
            <translation>%1 从 %2 进入 %3：%4（%5）。</translation>
        </message>
        <message>
            <source>%1 sends %2 (%3).</source>
            <translation>%1 发送 %2（%3）。</translation>
        </message>
        <message>
            <source>%1 sends a segment with %2 next. What are its seq and ack?</source>
            <translation>%1 接下来发送一个带 %2 的报文段。它的 seq 和 ack 是多少？</translation>
        </message>
        <message>
            <source>%1's %2 timer expires, %3 after it was set (%4).</source>
            <translation>%1 的%2定时器在设置 %3 后到期（%4）。</translation>
        </message>
        <message>
            <source>%1: seq is the number of its own next byte, ack the next byte it expects from its peer (%2).</source>
            <translation>%1：seq 是自己下一个字节的序号，ack 是期望对方发来的下一个字节（%2）。</translation>
        </message>
        <message>
            <source>The next segment to reach %1 is one it cannot use as it comes. What does it do with it?</source>
            <translation>下一个到达 %1 的报文段无法照原样使用。它会怎样处理？</translation>
        </message>
        <message>
            <source>When the next segment reaches %1, which state does it enter?</source>
            <translation>下一个报文段到达 %1 时，它进入哪个状态？</translation>
        </message>
        <message>
            <source>Which control bits does the next segment %1 sends set?</source>
            <translation>%1 发送的下一个报文段置了哪些控制位？</translation>
        </message>
        <message>
            <source>Which of %1's timers expires next, and how long after it was set?</source>
            <translation>%1 的哪个定时器下一个到期？设置之后多久到期？</translation>
        </message>
        <message>
            <source>Which state does %1 enter next?</source>
            <translation>%1 接下来进入哪个状态？</translation>
        </message>
        <message>
            <source>answers the SYN with a challenge ACK</source>
            <translation>用挑战 ACK 回应这个 SYN</translation>
        </message>
        <message>
            <source>ignores the RST, which is not at the byte it expects next</source>
            <translation>忽略这个 RST，因为它不在期望的下一个字节处</translation>
        </message>
        <message>
            <source>keeps it until the bytes before it come, and ACKs what it has so far</source>
            <translation>先保存它，等前面的字节到齐，并确认目前已收到的部分</translation>
        </message>
        <message>
            <source>the %1 timer, %2 after it was set</source>
            <translation>%1定时器，设置 %2 后</translation>
        </message>
        <message>
            <source>throws it away as outside its window, and sends an ACK</source>
            <translation>因为在窗口之外而丢弃它，并发送一个 ACK</translation>
        </message>
        <message>
            <source>throws it away without a word</source>
            <translation>直接丢弃，不作任何回应</translation>
        </message>
        <message>
            <source>throws it away, since it ACKs bytes not sent yet, and sends an ACK</source>
            <translation>丢弃它（它确认了尚未发送的字节），并发送一个 ACK</translation>
        </message>
        <message>
            <source>throws it away, since it has those bytes, and ACKs again</source>
            <translation>丢弃它（这些字节已经收到），并再次发送 ACK</translation>
        </message>
        <message>
            <source>throws it away: its checksum is wrong</source>
            <translation>丢弃它：校验和错误</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::ScenarioBrowser</name>
        <message numerus="yes">
            <source>%n scenario(s)</source>
            <translation>
                <numerusform>%n 个场景</numerusform>
            </translation>
        </message>
        <message>
            <source>&amp;Open</source>
            <translation>打开(&amp;O)</translation>
        </message>
        <message>
            <source>Establishment</source>
            <translation>连接建立</translation>
        </message>
        <message>
            <source>Filter by title or id</source>
            <translation>按标题或 ID 筛选</translation>
        </message>
        <message>
            <source>Filter scenarios</source>
            <translation>筛选场景</translation>
        </message>
        <message>
            <source>Flow and congestion control</source>
            <translation>流量控制与拥塞控制</translation>
        </message>
        <message>
            <source>HTTP/2: many streams, one connection</source>
            <translation>HTTP/2：一条连接，多个流</translation>
        </message>
        <message>
            <source>HTTPS: TLS above TCP</source>
            <translation>HTTPS：TCP 之上的 TLS</translation>
        </message>
        <message>
            <source>Id: %1</source>
            <translation>ID：%1</translation>
        </message>
        <message>
            <source>Load the selected scenario (or double-click it, or press Enter)</source>
            <translation>载入所选场景（也可双击或按回车）</translation>
        </message>
        <message>
            <source>Loss and retransmission</source>
            <translation>丢失与重传</translation>
        </message>
        <message>
            <source>Many connections</source>
            <translation>大量连接</translation>
        </message>
        <message>
            <source>No scenario matches “%1”.</source>
            <translation>没有与“%1”匹配的场景。</translation>
        </message>
        <message>
            <source>Other</source>
            <translation>其他</translation>
        </message>
        <message>
            <source>QUIC and HTTP/3: TLS inside UDP</source>
            <translation>QUIC 与 HTTP/3：UDP 之中的 TLS</translation>
        </message>
        <message>
            <source>RFC 9293 figures</source>
            <translation>RFC 9293 插图</translation>
        </message>
        <message>
            <source>Resets and failures</source>
            <translation>复位与故障</translation>
        </message>
        <message>
            <source>Scenario description</source>
            <translation>场景说明</translation>
        </message>
        <message>
            <source>Scenarios</source>
            <translation>场景</translation>
        </message>
        <message>
            <source>Termination</source>
            <translation>连接释放</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::ScenarioEditor</name>
        <message>
            <source>%1: %2 at %3</source>
            <translation>%1：%3 时 %2</translation>
        </message>
        <message>
            <source>Change the link</source>
            <translation>修改链路</translation>
        </message>
        <message>
            <source>Delay %1 from %2 by %3</source>
            <translation>将 %2 发出的 %1 延迟 %3</translation>
        </message>
        <message>
            <source>Drop %1 from %2</source>
            <translation>丢弃 %2 发出的 %1</translation>
        </message>
        <message>
            <source>Duplicate %1 from %2</source>
            <translation>复制 %2 发出的 %1</translation>
        </message>
        <message>
            <source>Restore %1 from %2</source>
            <translation>恢复 %2 发出的 %1</translation>
        </message>
        <message>
            <source>a segment without flags</source>
            <translation>不带标志位的报文段</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::SegmentInspector</name>
        <message>
            <source> (%1)</source>
            <translation>（%1）</translation>
        </message>
        <message>
            <source>%1 (%2 MSS)</source>
            <translation>%1（%2 MSS）</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1（%2）</translation>
        </message>
        <message>
            <source>%1 = %2</source>
            <comment>an HTTP/2 setting and its value</comment>
            <translation>%1 = %2</translation>
        </message>
        <message>
            <source>%1 bytes</source>
            <translation>%1 字节</translation>
        </message>
        <message>
            <source>%1 is among the names the certificate is for: %2</source>
            <translation>%1 在证书所列的名称之中：%2</translation>
        </message>
        <message>
            <source>%1 is not among the names the certificate is for: %2</source>
            <translation>%1 不在证书所列的名称之中：%2</translation>
        </message>
        <message>
            <source>%1 is not valid on %4: only from %2 to %3</source>
            <translation>%1 在 %4 已不在有效期内：有效期只从 %2 到 %3</translation>
        </message>
        <message>
            <source>%1 is valid on %4 (%2 to %3)</source>
            <translation>%1 在 %4 有效（%2 至 %3）</translation>
        </message>
        <message>
            <source>%1 of them captured</source>
            <translation>其中 %1 被抓取</translation>
        </message>
        <message>
            <source>, %1</source>
            <translation>，%1</translation>
        </message>
        <message>
            <source>: the client answers with alert %1 (%2)</source>
            <translation>：客户端回以告警 %1（%2）</translation>
        </message>
        <message>
            <source>Connection variables at step %1 / %2 (t = %3)</source>
            <translation>第 %1 / %2 步的连接变量（t = %3）</translation>
        </message>
        <message>
            <source>Datagram %1: %2 → %3 · %4 · sent at %5</source>
            <translation>数据报 %1：%2 → %3 · %4 · 发送于 %5</translation>
        </message>
        <message>
            <source>MSS = %1</source>
            <translation>MSS = %1</translation>
        </message>
        <message>
            <source>No segment selected: click an arrow in the diagram to see its header here.</source>
            <translation>未选中报文段：单击图中的箭头，即可在此查看其首部。</translation>
        </message>
        <message>
            <source>Protocol messages in this segment:</source>
            <translation>本报文段携带的协议消息：</translation>
        </message>
        <message>
            <source>QUIC packets in this datagram:</source>
            <translation>本数据报中的 QUIC 包：</translation>
        </message>
        <message>
            <source>QUIC, encrypted</source>
            <translation>QUIC，已加密</translation>
        </message>
        <message>
            <source>SACK %1–%2</source>
            <translation>SACK %1–%2</translation>
        </message>
        <message>
            <source>SACK permitted</source>
            <translation>允许 SACK</translation>
        </message>
        <message>
            <source>Segment %1: %2 → %3 · %4 · packet %5, captured at %6</source>
            <translation>报文段 %1：%2 → %3 · %4 · 第 %5 个数据包，抓取于 %6</translation>
        </message>
        <message>
            <source>Segment %1: %2 → %3 · %4 · sent at %5</source>
            <translation>报文段 %1：%2 → %3 · %4 · 发送于 %5</translation>
        </message>
        <message>
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <source>application protocols (ALPN): %1</source>
            <translation>应用层协议（ALPN）：%1</translation>
        </message>
        <message>
            <source>arrives at %1</source>
            <translation>到达于 %1</translation>
        </message>
        <message>
            <source>certificate of %1, issued by %2, valid from %3 to %4</source>
            <translation>%1 的证书，由 %2 签发，有效期 %3 至 %4</translation>
        </message>
        <message>
            <source>cipher suite: %1</source>
            <translation>密码套件：%1</translation>
        </message>
        <message>
            <source>cipher suites offered: %1</source>
            <translation>提供的密码套件：%1</translation>
        </message>
        <message>
            <source>dup ACKs</source>
            <translation>重复 ACK</translation>
        </message>
        <message>
            <source>flags %1</source>
            <translation>标志 %1</translation>
        </message>
        <message>
            <source>frame %1 of stream %2, %3 bytes, %4</source>
            <translation>流 %2 的 %1 帧，%3 字节，%4</translation>
        </message>
        <message>
            <source>frame %1 of the connection, %2 bytes, %3</source>
            <translation>整个连接的 %1 帧，%2 字节，%3</translation>
        </message>
        <message>
            <source>header and data</source>
            <translation>首部与数据</translation>
        </message>
        <message>
            <source>header field %1: %2</source>
            <translation>首部字段 %1：%2</translation>
        </message>
        <message>
            <source>key share: %1</source>
            <translation>密钥份额：%1</translation>
        </message>
        <message>
            <source>lost at %1</source>
            <translation>丢失于 %1</translation>
        </message>
        <message>
            <source>no flags</source>
            <translation>无标志</translation>
        </message>
        <message>
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <source>not used: ACK is 0</source>
            <translation>未使用：ACK 为 0</translation>
        </message>
        <message>
            <source>phase</source>
            <translation>阶段</translation>
        </message>
        <message>
            <source>server name (SNI): %1</source>
            <translation>服务器名称（SNI）：%1</translation>
        </message>
        <message>
            <source>signature algorithm: %1</source>
            <translation>签名算法：%1</translation>
        </message>
        <message>
            <source>stream %1: bytes %2 to %3</source>
            <translation>流 %1：第 %2 到 %3 字节</translation>
        </message>
        <message>
            <source>stream %1: no bytes, its end</source>
            <translation>流 %1：没有字节，只是流的结束</translation>
        </message>
        <message>
            <source>the chain ends at %1, a root this client trusts</source>
            <translation>证书链止于 %1，这是客户端信任的根</translation>
        </message>
        <message>
            <source>the chain ends at %1, which this client does not trust</source>
            <translation>证书链止于 %1，客户端并不信任它</translation>
        </message>
        <message>
            <source>the signature on %1 checks out with %2's public key</source>
            <translation>用 %2 的公钥验证 %1 上的签名：通过</translation>
        </message>
        <message>
            <source>the signature on %1 does not check out with %2's public key</source>
            <translation>用 %2 的公钥验证 %1 上的签名：不通过</translation>
        </message>
        <message>
            <source>timestamps %1, %2</source>
            <translation>时间戳 %1, %2</translation>
        </message>
        <message>
            <source>transport parameter %1 = %2</source>
            <translation>传输参数 %1 = %2</translation>
        </message>
        <message>
            <source>unlimited</source>
            <translation>无限</translation>
        </message>
        <message>
            <source>version: %1</source>
            <translation>版本：%1</translation>
        </message>
        <message>
            <source>window scale = %1</source>
            <translation>窗口扩大因子 = %1</translation>
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
            <translation>%1 个往返</translation>
        </message>
        <message>
            <source>%1 ms</source>
            <translation>%1 毫秒</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1：%2</translation>
        </message>
        <message numerus="yes">
            <source>%n stream(s) wait</source>
            <translation>
                <numerusform>%n 个流在等待</numerusform>
            </translation>
        </message>
        <message>
            <source>Captured at one point: each arrow is drawn level, at the moment the capture saw it; the states are inferred</source>
            <translation>在一处抓取：每个箭头水平画在抓包看到它的时刻；状态是推断出来的</translation>
        </message>
        <message>
            <source>answer</source>
            <translation>响应</translation>
        </message>
        <message>
            <source>duplicate</source>
            <translation>重复</translation>
        </message>
        <message>
            <source>request</source>
            <translation>请求</translation>
        </message>
        <message>
            <source>stopped at the horizon (%1): more was still to happen</source>
            <translation>在时间上限（%1）处停止：之后还会有事件发生</translation>
        </message>
        <message>
            <source>stopped at the limit of %1 events (%2), the most a scenario may set</source>
            <translation>在 %1 个事件的上限处停止（%2），这已是场景允许的最大值</translation>
        </message>
        <message>
            <source>stopped at the limit of %1 events (%2): raise the scenario's max_events to see more</source>
            <translation>在 %1 个事件的上限处停止（%2）：调高场景的 max_events 可看到更多</translation>
        </message>
        <message>
            <source>the capture ends here (%1), with the connection still open</source>
            <translation>抓包到此结束（%1），连接仍未关闭</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::SequencePlot</name>
        <message>
            <source>%1 (off the top: %2)</source>
            <translation>%1（超出顶部：%2）</translation>
        </message>
        <message>
            <source>%1 sends no data.</source>
            <translation>%1 没有发送数据。</translation>
        </message>
        <message>
            <source>ACK line</source>
            <translation>ACK 线</translation>
        </message>
        <message>
            <source>Relative sequence number</source>
            <translation>相对序号</translation>
        </message>
        <message>
            <source>Time–sequence graph: %1</source>
            <translation>时间–序号图：%1</translation>
        </message>
        <message>
            <source>data segment</source>
            <translation>数据报文段</translation>
        </message>
        <message>
            <source>duplicate ACKs</source>
            <translation>重复 ACK</translation>
        </message>
        <message>
            <source>fast retransmission</source>
            <translation>快速重传</translation>
        </message>
        <message>
            <source>lost on the way</source>
            <translation>在途中丢失</translation>
        </message>
        <message>
            <source>receive window</source>
            <translation>接收窗口</translation>
        </message>
        <message>
            <source>sent again after a timeout</source>
            <translation>超时后重发</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::SessionModel</name>
        <message>
            <source>%1, connection %2: %3 → %4</source>
            <translation>%1，连接 %2：%3 → %4</translation>
        </message>
        <message>
            <source>Cannot simulate “%1”: %2</source>
            <translation>无法模拟“%1”：%2</translation>
        </message>
        <message>
            <source>Cannot simulate “%1”: there is not enough memory.</source>
            <translation>无法模拟“%1”：内存不足。</translation>
        </message>
        <message numerus="yes">
            <source>Read from the capture %1: connection %2 of its %3, in %n segments. Each packet has one timestamp, taken where the capture was made, so each arrow is drawn at that moment. The states are inferred from the segments through RFC 9293's state diagram.</source>
            <translation>
                <numerusform>读自抓包 %1：共 %3 个连接中的第 %2 个，含 %n 个报文段。每个数据包只有一个时间戳，是在抓包处记录的，所以每个箭头都画在那一时刻。状态是依据 RFC 9293 的状态图由报文段推断出来的。</numerusform>
            </translation>
        </message>
        <message>
            <source>The capture starts after the handshake: both sides are taken to be ESTABLISHED from the start.</source>
            <translation>抓包从握手之后开始：双方从一开始就被视为 ESTABLISHED。</translation>
        </message>
        <message>
            <source>The edited scenario cannot be simulated: %1</source>
            <translation>修改后的场景无法模拟：%1</translation>
        </message>
        <message>
            <source>Unknown scenario “%1”: it is neither a built-in scenario nor a file.</source>
            <translation>未知场景“%1”：既不是内置场景，也不是文件。</translation>
        </message>
        <message>
            <source>What-if editing is off for a capture: it shows what happened. “Turn into a lesson” makes a lesson of it that can be changed.</source>
            <translation>抓包不能进行“假如”编辑：它显示的是实际发生的情况。“生成课程”可把它做成可修改的课程。</translation>
        </message>
        <message>
            <source>What-if editing works on lessons of two endpoints; this lesson of hosts is shown as it is.</source>
            <translation>“假如”编辑只适用于两个端点的课程；这个主机课程按原样显示。</translation>
        </message>
        <message>
            <source>Wireshark would call it complete (%1).</source>
            <translation>Wireshark 会认为它是完整的（%1）。</translation>
        </message>
        <message>
            <source>Wireshark would call it incomplete: it saw %1.</source>
            <translation>Wireshark 会认为它不完整：只看到了 %1。</translation>
        </message>
        <message numerus="yes">
            <source>“%1” holds no TCP connection (%n packets read).</source>
            <translation>
                <numerusform>“%1”中没有 TCP 连接（已读 %n 个数据包）。</numerusform>
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
%n 个数据包，</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 (lost)</source>
            <translation>%1（丢失）</translation>
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
                <numerusform>%n 个往返</numerusform>
            </translation>
        </message>
        <message>
            <source>Pick the runs to compare above.</source>
            <translation>请在上方选择要对比的运行。</translation>
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
            <translation>正在模拟各次运行…</translation>
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
            <translation>响应：%1 个往返后</translation>
        </message>
        <message>
            <source>answer, %1</source>
            <translation>响应，%1</translation>
        </message>
        <message>
            <source>client</source>
            <translation>客户端</translation>
        </message>
        <message>
            <source>no answer</source>
            <translation>没有响应</translation>
        </message>
        <message>
            <source>no request sent</source>
            <translation>请求未发出</translation>
        </message>
        <message>
            <source>request after %1 RTT</source>
            <translation>请求：%1 个往返后</translation>
        </message>
        <message>
            <source>request, %1</source>
            <translation>请求，%1</translation>
        </message>
        <message>
            <source>retransmission: %1</source>
            <translation>重传：%1</translation>
        </message>
        <message>
            <source>server</source>
            <translation>服务器</translation>
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
            <translation>%1 毫秒</translation>
        </message>
        <message>
            <source>As in the lesson</source>
            <translation>恢复课程设置</translation>
        </message>
        <message>
            <source>Loss:</source>
            <translation>丢包率：</translation>
        </message>
        <message>
            <source>One-way delay:</source>
            <translation>单向时延：</translation>
        </message>
        <message>
            <source>Runs:</source>
            <translation>运行：</translation>
        </message>
        <message>
            <source>Simulating…</source>
            <translation>正在模拟…</translation>
        </message>
        <message>
            <source>The link's delay each way, for every run; the runs are simulated again.</source>
            <translation>链路每个方向的时延，对所有运行生效；改变后所有运行重新模拟。</translation>
        </message>
        <message>
            <source>The share of packets the link loses each way, for every run, from the lesson's seed.</source>
            <translation>链路每个方向丢失的数据包比例，对所有运行生效，随机数来自课程的种子。</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::SocketTableModel</name>
        <message>
            <source>Connection</source>
            <translation>连接</translation>
        </message>
        <message>
            <source>Local address:port</source>
            <translation>本地地址:端口</translation>
        </message>
        <message>
            <source>Peer address:port</source>
            <translation>对端地址:端口</translation>
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
            <translation>状态</translation>
        </message>
        <message>
            <source>Timer</source>
            <translation>计时器</translation>
        </message>
        <message>
            <source>timewait (%1)</source>
            <translation>timewait（%1）</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::SocketsPanel</name>
        <message>
            <source> (a spoofed SYN)</source>
            <translation>（伪造的 SYN）</translation>
        </message>
        <message>
            <source>%1 → %2, of %3 connections%4</source>
            <translation>%1 → %2，共 %3 个连接%4</translation>
        </message>
        <message numerus="yes">
            <source>%n socket(s) at %1</source>
            <translation>
                <numerusform>%1 时有 %n 个套接字</numerusform>
            </translation>
        </message>
        <message>
            <source>&amp;Connection:</source>
            <translation>连接(&amp;C)：</translation>
        </message>
        <message>
            <source>&amp;Host:</source>
            <translation>主机(&amp;H)：</translation>
        </message>
        <message>
            <source>&amp;State:</source>
            <translation>状态(&amp;S)：</translation>
        </message>
        <message>
            <source>All states</source>
            <translation>全部状态</translation>
        </message>
        <message>
            <source>a lesson of two endpoints has one connection</source>
            <translation>两个端点的课程只有一个连接</translation>
        </message>
        <message>
            <source>no connection was made</source>
            <translation>没有建立任何连接</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::StateGraphScene</name>
        <message>
            <source>A SYN has arrived and this side has answered with its own SYN (a SYN,ACK). It waits for the ACK of its SYN, the last step of the three-way handshake.</source>
            <translation>已收到 SYN，本方已用自己的 SYN 作答（即 SYN,ACK）。等待对方对本方 SYN 的确认，这是三次握手的最后一步。</translation>
        </message>
        <message>
            <source>A server waiting for connection requests. It has no peer yet and waits for a SYN from any client.</source>
            <translation>服务器等待连接请求。尚无对端，等待任意客户端发来的 SYN。</translation>
        </message>
        <message>
            <source>Both FINs have been sent and acknowledged. This side waits twice the maximum segment lifetime (2MSL), so that it can resend a lost final ACK and old duplicate segments die out.</source>
            <translation>双方的 FIN 都已发送并得到确认。本方等待两倍的最长报文段寿命（2MSL），以便在最后的 ACK 丢失时重传，并让网络中旧的重复报文段消失。</translation>
        </message>
        <message>
            <source>Both sides are closing at once: this side sent a FIN and then received the peer's FIN before its own was acknowledged. It waits for the ACK of its FIN.</source>
            <translation>双方同时关闭：本方发送了 FIN，在其得到确认之前又收到了对方的 FIN。等待对本方 FIN 的确认。</translation>
        </message>
        <message>
            <source>CLOSE</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Dashed: transitions the notes and the text add</source>
            <translation>虚线：注释和正文补充的状态转换</translation>
        </message>
        <message>
            <source>Figure 5, note 1: a RST returns SYN-RECEIVED to LISTEN only when the connection started with a passive OPEN. After an active OPEN it closes the connection.</source>
            <translation>图 5 注 1：仅当连接由被动打开建立时，RST 才使 SYN-RECEIVED 回到 LISTEN；若由主动打开建立，则关闭连接。</translation>
        </message>
        <message>
            <source>Figure 5, note 2: not drawn in the figure. A FIN that also acknowledges our FIN takes FIN-WAIT-1 straight to TIME-WAIT.</source>
            <translation>图 5 注 2：图中未画出。若收到的 FIN 同时确认了本方的 FIN，则从 FIN-WAIT-1 直接进入 TIME-WAIT。</translation>
        </message>
        <message>
            <source>No connection exists and there is nothing to remember about one. Waits for the application to open a connection: actively (connect) or passively (listen).</source>
            <translation>没有连接，也无需记录任何连接信息。等待应用程序主动（connect）或被动（listen）打开连接。</translation>
        </message>
        <message>
            <source>Not drawn in the figure (RFC 9293, section 3.10.1): an active OPEN on a listening connection sends a SYN and moves to SYN-SENT.</source>
            <translation>图中未画出（RFC 9293 第 3.10.1 节）：在监听的连接上主动打开，会发送 SYN 并进入 SYN-SENT。</translation>
        </message>
        <message>
            <source>Not drawn in the figure (RFC 9293, section 3.10.7.4): a SYN arriving in SYN-RECEIVED, when the connection started with a passive OPEN, sends it back to LISTEN.</source>
            <translation>图中未画出（RFC 9293 第 3.10.7.4 节）：若连接由被动打开建立，在 SYN-RECEIVED 状态收到 SYN 会使其回到 LISTEN。</translation>
        </message>
        <message>
            <source>Not drawn: from most states an acceptable RST, the ABORT call, a reboot of the host, too many retransmissions or the user timeout lead straight to CLOSED. A transition taken this way is shown as a straight dashed line while it happens.</source>
            <translation>图中未画出：在大多数状态下，收到可接受的 RST、调用 ABORT、主机重启、重传次数过多或用户超时，都会直接进入 CLOSED。发生这种转换时，以一条直的虚线表示。</translation>
        </message>
        <message>
            <source>SEND</source>
            <translation>发送</translation>
        </message>
        <message>
            <source>TCP connection states (RFC 9293, Figure 5)</source>
            <translation>TCP 连接状态（RFC 9293 图 5）</translation>
        </message>
        <message>
            <source>The application has closed: this side has sent a FIN. It waits for the ACK of that FIN, or for the peer's FIN.</source>
            <translation>应用程序已关闭：本方已发送 FIN。等待对该 FIN 的确认，或等待对方的 FIN。</translation>
        </message>
        <message>
            <source>The connection is open: both sides know each other's sequence numbers and data can flow both ways. It stays here until one side closes or the connection is reset.</source>
            <translation>连接已建立：双方知道彼此的序号，数据可以双向传输。一直保持此状态，直到一方关闭或连接被复位。</translation>
        </message>
        <message>
            <source>The peer closed first and this side has now sent its FIN too. It waits for the ACK of that FIN; then the connection is gone.</source>
            <translation>对方先关闭，本方现在也已发送 FIN。等待对该 FIN 的确认，之后连接即释放。</translation>
        </message>
        <message>
            <source>The peer has closed its direction: its FIN arrived and was acknowledged. This side can still send; it waits for its own application to close.</source>
            <translation>对方已关闭它那个方向的传输：其 FIN 已到达并已确认。本方仍可发送数据，等待本方应用程序关闭。</translation>
        </message>
        <message>
            <source>This connection is QUIC's, over UDP: it has no TCP states</source>
            <translation>这是 QUIC 在 UDP 上的连接：它没有 TCP 状态</translation>
        </message>
        <message>
            <source>This side has sent a SYN to open the connection. It waits for the peer's SYN,ACK (or, when both sides open at once, the peer's SYN).</source>
            <translation>本方已发送 SYN 以建立连接。等待对方的 SYN,ACK（若双方同时打开，则等待对方的 SYN）。</translation>
        </message>
        <message>
            <source>This side's FIN has been acknowledged, so it sends no more data. It waits for the peer to close as well (the peer's FIN); the peer may still send data.</source>
            <translation>本方的 FIN 已得到确认，不再发送数据。等待对方也关闭（对方的 FIN）；对方仍可发送数据。</translation>
        </message>
        <message>
            <source>Timeout=2MSL</source>
            <translation>超时=2MSL</translation>
        </message>
        <message>
            <source>active OPEN</source>
            <translation>主动打开</translation>
        </message>
        <message>
            <source>create TCB</source>
            <translation>创建 TCB</translation>
        </message>
        <message>
            <source>create TCB, snd SYN</source>
            <translation>创建 TCB，发送 SYN</translation>
        </message>
        <message>
            <source>delete TCB</source>
            <translation>删除 TCB</translation>
        </message>
        <message>
            <source>passive OPEN</source>
            <translation>被动打开</translation>
        </message>
        <message>
            <source>rcv ACK of FIN</source>
            <translation>收到 FIN 的 ACK</translation>
        </message>
        <message>
            <source>rcv ACK of SYN</source>
            <translation>收到 SYN 的 ACK</translation>
        </message>
        <message>
            <source>rcv FIN</source>
            <translation>收到 FIN</translation>
        </message>
        <message>
            <source>rcv FIN,ACK of FIN</source>
            <translation>收到 FIN 及 FIN 的 ACK</translation>
        </message>
        <message>
            <source>rcv RST</source>
            <translation>收到 RST</translation>
        </message>
        <message>
            <source>rcv RST, ABORT, reboot, timeouts → CLOSED</source>
            <translation>收到 RST、ABORT、重启、超时 → CLOSED</translation>
        </message>
        <message>
            <source>rcv SYN</source>
            <translation>收到 SYN</translation>
        </message>
        <message>
            <source>rcv SYN,ACK</source>
            <translation>收到 SYN,ACK</translation>
        </message>
        <message>
            <source>snd ACK</source>
            <translation>发送 ACK</translation>
        </message>
        <message>
            <source>snd FIN</source>
            <translation>发送 FIN</translation>
        </message>
        <message>
            <source>snd SYN</source>
            <translation>发送 SYN</translation>
        </message>
        <message>
            <source>snd SYN,ACK</source>
            <translation>发送 SYN,ACK</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::StepCaption</name>
        <message>
            <source>%1: %2</source>
            <translation>%1：%2</translation>
        </message>
        <message>
            <source>Press → or Space to start</source>
            <translation>按 → 或空格键开始</translation>
        </message>
        <message>
            <source>Step %1 / %2 · %3</source>
            <translation>第 %1 / %2 步 · %3</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::Text</name>
        <message>
            <source>%1 (%2)</source>
            <translation>%1（%2）</translation>
        </message>
        <message>
            <source>%1 bytes</source>
            <translation>%1 字节</translation>
        </message>
        <message>
            <source>%1 is %2</source>
            <translation>%1 为 %2</translation>
        </message>
        <message>
            <source>%1 ms</source>
            <translation>%1 毫秒</translation>
        </message>
        <message>
            <source>%1 s</source>
            <translation>%1 秒</translation>
        </message>
        <message>
            <source>%1 timer expires</source>
            <translation>%1计时器超时</translation>
        </message>
        <message>
            <source>%1 timer starts (%2)</source>
            <translation>%1计时器启动（%2）</translation>
        </message>
        <message>
            <source>%1 timer stops</source>
            <translation>%1计时器停止</translation>
        </message>
        <message>
            <source>%1 with %2</source>
            <translation>%1，携带 %2</translation>
        </message>
        <message>
            <source>%1 — %2</source>
            <translation>%1 — %2</translation>
        </message>
        <message>
            <source>%1 → %2 (%3)</source>
            <translation>%1 → %2（%3）</translation>
        </message>
        <message>
            <source>, </source>
            <translation>、</translation>
        </message>
        <message>
            <source>1 byte</source>
            <translation>1 字节</translation>
        </message>
        <message>
            <source>2MSL</source>
            <translation>2MSL</translation>
        </message>
        <message>
            <source>ABORT</source>
            <translation>中止</translation>
        </message>
        <message>
            <source>ACK</source>
            <translation>ACK</translation>
        </message>
        <message>
            <source>ACK of a keep-alive</source>
            <translation>保活报文的 ACK</translation>
        </message>
        <message>
            <source>ACK of a zero-window probe</source>
            <translation>零窗口探测的 ACK</translation>
        </message>
        <message>
            <source>ACK of unsent data</source>
            <translation>确认了未发送的数据</translation>
        </message>
        <message>
            <source>ACKs a segment not captured</source>
            <translation>确认了未被抓到的报文段</translation>
        </message>
        <message>
            <source>CLOSE</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Client</source>
            <translation>客户端</translation>
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
            <translation>RST 被忽略</translation>
        </message>
        <message>
            <source>RTO</source>
            <translation>RTO</translation>
        </message>
        <message>
            <source>SEND</source>
            <translation>发送</translation>
        </message>
        <message>
            <source>SYN</source>
            <translation>SYN</translation>
        </message>
        <message>
            <source>SYN queue full: dropped by the host</source>
            <translation>半连接队列已满：被主机丢弃</translation>
        </message>
        <message>
            <source>SYN-ACK</source>
            <translation>SYN-ACK</translation>
        </message>
        <message>
            <source>Server</source>
            <translation>服务器</translation>
        </message>
        <message>
            <source>TIME-WAIT (2MSL)</source>
            <translation>TIME-WAIT (2MSL)</translation>
        </message>
        <message>
            <source>TIME-WAIT taken over (tw_reuse)</source>
            <translation>TIME-WAIT 被接管（tw_reuse）</translation>
        </message>
        <message>
            <source>Timeout=2MSL</source>
            <translation>超时=2MSL</translation>
        </message>
        <message>
            <source>abort()</source>
            <translation>abort()</translation>
        </message>
        <message>
            <source>accept queue full: dropped by the host</source>
            <translation>全连接队列已满：被主机丢弃</translation>
        </message>
        <message>
            <source>active OPEN</source>
            <translation>主动打开</translation>
        </message>
        <message>
            <source>an empty segment</source>
            <translation>一个空报文段</translation>
        </message>
        <message>
            <source>an old duplicate %1 appears on the wire</source>
            <translation>网络中出现一个旧的重复 %1</translation>
        </message>
        <message>
            <source>answers with %1</source>
            <translation>以 %1 应答</translation>
        </message>
        <message>
            <source>bad checksum: dropped</source>
            <translation>校验和错误：丢弃</translation>
        </message>
        <message>
            <source>calls %1</source>
            <translation>调用 %1</translation>
        </message>
        <message>
            <source>challenge ACK</source>
            <translation>挑战 ACK</translation>
        </message>
        <message>
            <source>close()</source>
            <translation>close()</translation>
        </message>
        <message>
            <source>congestion avoidance</source>
            <translation>拥塞避免</translation>
        </message>
        <message>
            <source>connect()</source>
            <translation>connect()</translation>
        </message>
        <message>
            <source>connection aborted: user timeout</source>
            <translation>连接中止：用户超时</translation>
        </message>
        <message>
            <source>connection already exists</source>
            <translation>连接已存在</translation>
        </message>
        <message>
            <source>connection closing</source>
            <translation>连接正在关闭</translation>
        </message>
        <message>
            <source>connection does not exist</source>
            <translation>连接不存在</translation>
        </message>
        <message>
            <source>connection refused</source>
            <translation>连接被拒绝</translation>
        </message>
        <message>
            <source>connection reset</source>
            <translation>连接被复位</translation>
        </message>
        <message>
            <source>connection timed out</source>
            <translation>连接超时</translation>
        </message>
        <message>
            <source>data</source>
            <translation>数据</translation>
        </message>
        <message>
            <source>delayed ACK</source>
            <translation>延迟 ACK</translation>
        </message>
        <message>
            <source>dropped: queue full</source>
            <translation>丢弃：队列已满</translation>
        </message>
        <message>
            <source>dup ACK %1</source>
            <translation>重复 ACK %1</translation>
        </message>
        <message>
            <source>duplicate ACK %1</source>
            <translation>重复 ACK %1</translation>
        </message>
        <message>
            <source>duplicate: ACKed again</source>
            <translation>重复：再次确认</translation>
        </message>
        <message>
            <source>fast recovery</source>
            <translation>快速恢复</translation>
        </message>
        <message>
            <source>fast retransmission</source>
            <translation>快速重传</translation>
        </message>
        <message>
            <source>hands %1 to the application</source>
            <translation>将 %1 交付给应用程序</translation>
        </message>
        <message>
            <source>ignored</source>
            <translation>忽略</translation>
        </message>
        <message>
            <source>keep-alive</source>
            <translation>保活</translation>
        </message>
        <message>
            <source>left to the network card (offload)</source>
            <translation>留给网卡计算（校验和卸载）</translation>
        </message>
        <message>
            <source>listen()</source>
            <translation>listen()</translation>
        </message>
        <message>
            <source>lost</source>
            <translation>丢失</translation>
        </message>
        <message>
            <source>lost (scripted fault)</source>
            <translation>丢失（预设故障）</translation>
        </message>
        <message>
            <source>malformed: dropped</source>
            <translation>格式错误：丢弃</translation>
        </message>
        <message>
            <source>no congestion control</source>
            <translation>无拥塞控制</translation>
        </message>
        <message>
            <source>not checked: the capture cut the segment short</source>
            <translation>未校验：抓包截断了该报文段</translation>
        </message>
        <message>
            <source>nothing</source>
            <translation>无</translation>
        </message>
        <message>
            <source>old duplicate</source>
            <translation>旧的重复报文段</translation>
        </message>
        <message>
            <source>out of order</source>
            <translation>乱序</translation>
        </message>
        <message>
            <source>out of order: kept</source>
            <translation>失序：保留</translation>
        </message>
        <message>
            <source>outside the window: dropped</source>
            <translation>超出窗口：丢弃</translation>
        </message>
        <message>
            <source>passive OPEN</source>
            <translation>被动打开</translation>
        </message>
        <message>
            <source>persist</source>
            <translation>坚持</translation>
        </message>
        <message>
            <source>previous segment not captured</source>
            <translation>前一个报文段未被抓到</translation>
        </message>
        <message>
            <source>rcv ACK of FIN</source>
            <translation>收到 FIN 的 ACK</translation>
        </message>
        <message>
            <source>rcv ACK of SYN</source>
            <translation>收到 SYN 的 ACK</translation>
        </message>
        <message>
            <source>rcv FIN</source>
            <translation>收到 FIN</translation>
        </message>
        <message>
            <source>rcv FIN,ACK of FIN</source>
            <translation>收到 FIN 及 FIN 的 ACK</translation>
        </message>
        <message>
            <source>rcv RST</source>
            <translation>收到 RST</translation>
        </message>
        <message>
            <source>rcv SYN</source>
            <translation>收到 SYN</translation>
        </message>
        <message>
            <source>rcv SYN with a new ISN</source>
            <translation>收到带新 ISN 的 SYN</translation>
        </message>
        <message>
            <source>rcv SYN, two-way handshake</source>
            <translation>收到 SYN，两次握手</translation>
        </message>
        <message>
            <source>rcv SYN,ACK</source>
            <translation>收到 SYN,ACK</translation>
        </message>
        <message>
            <source>reboot</source>
            <translation>重启</translation>
        </message>
        <message>
            <source>receive(%1)</source>
            <translation>receive(%1)</translation>
        </message>
        <message>
            <source>receives %1</source>
            <translation>收到 %1</translation>
        </message>
        <message>
            <source>receives a duplicate copy of %1</source>
            <translation>收到 %1 的重复副本</translation>
        </message>
        <message>
            <source>recovery after a timeout</source>
            <translation>超时后恢复</translation>
        </message>
        <message>
            <source>retransmission</source>
            <translation>重传</translation>
        </message>
        <message>
            <source>retransmits %1 (fast retransmit)</source>
            <translation>重传 %1（快速重传）</translation>
        </message>
        <message>
            <source>retransmits %1 (timeout)</source>
            <translation>重传 %1（超时）</translation>
        </message>
        <message>
            <source>send(%1)</source>
            <translation>send(%1)</translation>
        </message>
        <message>
            <source>sends %1</source>
            <translation>发送 %1</translation>
        </message>
        <message>
            <source>sends %1 (abort)</source>
            <translation>发送 %1（中止）</translation>
        </message>
        <message>
            <source>sends %1 (challenge ACK)</source>
            <translation>发送 %1（挑战 ACK）</translation>
        </message>
        <message>
            <source>sends %1 (window probe)</source>
            <translation>发送 %1（窗口探测）</translation>
        </message>
        <message>
            <source>sends %1 (window update)</source>
            <translation>发送 %1（窗口更新）</translation>
        </message>
        <message>
            <source>slow start</source>
            <translation>慢启动</translation>
        </message>
        <message>
            <source>spurious retransmission</source>
            <translation>伪重传</translation>
        </message>
        <message>
            <source>tcp_fin_timeout</source>
            <translation>tcp_fin_timeout 到期</translation>
        </message>
        <message>
            <source>the host reboots and forgets the connection</source>
            <translation>主机重启，丢失了连接信息</translation>
        </message>
        <message>
            <source>too many retransmissions</source>
            <translation>重传次数过多</translation>
        </message>
        <message>
            <source>unexpected SYN: challenge ACK</source>
            <translation>意外的 SYN：挑战 ACK</translation>
        </message>
        <message>
            <source>user timeout</source>
            <translation>用户超时</translation>
        </message>
        <message>
            <source>window full</source>
            <translation>窗口已满</translation>
        </message>
        <message>
            <source>window probe</source>
            <translation>窗口探测</translation>
        </message>
        <message>
            <source>window update</source>
            <translation>窗口更新</translation>
        </message>
        <message>
            <source>zero window</source>
            <translation>零窗口</translation>
        </message>
        <message>
            <source>zero-window probe</source>
            <translation>零窗口探测</translation>
        </message>
        <message>
            <source>≈ %1 ms</source>
            <translation>≈ %1 毫秒</translation>
        </message>
        <message>
            <source>≈ %1 s</source>
            <translation>≈ %1 秒</translation>
        </message>
        <message>
            <source>✓ correct</source>
            <translation>✓ 正确</translation>
        </message>
        <message>
            <source>✗ wrong</source>
            <translation>✗ 错误</translation>
        </message>
    </context>
    <context>
        <name>tcpviz::ui::WhatIfMenus</name>
        <message>
            <source>%1

Extra delay (ms):</source>
            <translation>%1

额外延迟（毫秒）：</translation>
        </message>
        <message>
            <source>%1: %2</source>
            <translation>%1：%2</translation>
        </message>
        <message>
            <source>%1: send(n bytes)…</source>
            <translation>%1：send(n 字节)…</translation>
        </message>
        <message>
            <source>At %1</source>
            <translation>时间 %1</translation>
        </message>
        <message>
            <source>Bytes %1 sends:</source>
            <translation>%1 发送的字节数：</translation>
        </message>
        <message>
            <source>Delay it by…</source>
            <translation>将其延迟…</translation>
        </message>
        <message>
            <source>Delay segment %1</source>
            <translation>推迟报文段 %1</translation>
        </message>
        <message>
            <source>Drop this segment</source>
            <translation>丢弃这个报文段</translation>
        </message>
        <message>
            <source>Duplicate it</source>
            <translation>复制一份</translation>
        </message>
        <message>
            <source>Remove the scripted fault that hits this segment</source>
            <translation>移除作用于此报文段的脚本故障</translation>
        </message>
        <message>
            <source>Restore this segment</source>
            <translation>恢复这个报文段</translation>
        </message>
        <message>
            <source>Segment %1, %2 → %3: %4</source>
            <translation>报文段 %1，%2 → %3：%4</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>发送</translation>
        </message>
    </context>
</TS>
