// ns-3 reference run of one bulk TCP transfer, to compare tcpviz's own TCP simulator against.
// Not part of the CMake build: tests/bench/ns3/run.sh compiles and runs it against Debian's
// ns-3 3.37 (libns3-dev). See README.md beside this file.
//
// Topology: node A --[10 Mbit/s, 20 ms one way]-- node B.
//   - Each device's transmit queue is one DropTailQueue<Packet> of 100 packets. Flow control is
//     disabled on the point-to-point devices, so no NetDeviceQueueInterface is aggregated and
//     Ipv4AddressHelper installs no queue disc (FqCoDel by default): the traffic-control layer
//     passes packets straight to the device. The program checks this and aborts otherwise.
//   - A RateErrorModel (per packet, rate --loss, default 1 %) on B's device drops packets
//     arriving at B, i.e. the data direction A->B only. ACKs (B->A) are never dropped by it.
//   - BulkSendApplication on A sends --bytes (default 10,000,000) to a PacketSink on B.
// The run stops at the moment the sink has received every byte.
//
// Output: one line of key=value pairs (see PrintResult).

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/traffic-control-module.h"

using namespace ns3;

namespace {

struct Counters {
    uint64_t bytesReceived = 0;  // at the sink's application
    Time completion;             // when bytesReceived reached the target
    bool complete = false;
    uint64_t dataSegmentsSent = 0;  // segments with payload leaving A's TCP, retransmissions too
    uint64_t retransmissions = 0;   // those of them that start below the highest byte sent
    uint64_t retransmittedBytes = 0;
    SequenceNumber32 highTx{0};  // one past the highest payload byte A has sent
    bool highTxSet = false;
    uint64_t fastRecoveries = 0;  // entries into CA_RECOVERY
    uint64_t timeouts = 0;        // entries into CA_LOSS (retransmission timer expired)
    uint64_t queueDropsAB = 0;    // A's device queue full (data direction)
    uint64_t queueDropsBA = 0;    // B's device queue full (ACK direction)
    uint64_t tcDrops = 0;         // traffic-control layer drops; must stay 0 here
    uint64_t errorDrops = 0;      // packets the error model dropped at B
    uint32_t maxCwnd = 0;         // bytes
    uint32_t maxRwnd = 0;         // largest window B advertised, as seen by A, in bytes
    uint64_t target = 0;
};

Counters g;
std::ofstream g_cwndTrace;  // --cwnd-trace: one CSV line per change of cwnd, ssthresh or state
uint32_t g_cwnd = 0, g_ssthresh = 0;
int g_state = 0;

void TraceRow() {
    static uint32_t lastCwnd = 0, lastSsthresh = 0;
    static int lastState = -1;
    if (g_cwnd == lastCwnd && g_ssthresh == lastSsthresh && g_state == lastState) return;
    lastCwnd = g_cwnd;
    lastSsthresh = g_ssthresh;
    lastState = g_state;
    if (g_cwndTrace.is_open()) {
        g_cwndTrace << Simulator::Now().GetSeconds() << ',' << g_cwnd << ',' << g_ssthresh << ','
                    << TcpSocketState::TcpCongStateName[g_state] << '\n';
    }
}

void OnSinkRx(Ptr<const Packet> p, const Address&) {
    g.bytesReceived += p->GetSize();
    if (!g.complete && g.bytesReceived >= g.target) {
        g.complete = true;
        g.completion = Simulator::Now();
        Simulator::Stop();
    }
}

void OnTcpTx(Ptr<const Packet> payload, const TcpHeader& header, Ptr<const TcpSocketBase>) {
    const uint32_t size = payload->GetSize();
    if (size == 0) return;  // SYN, pure ACK, bare FIN
    ++g.dataSegmentsSent;
    const SequenceNumber32 seq = header.GetSequenceNumber();
    const SequenceNumber32 end = seq + SequenceNumber32(size);
    if (g.highTxSet && seq < g.highTx) {
        ++g.retransmissions;
        g.retransmittedBytes += size;
    }
    if (!g.highTxSet || end > g.highTx) {
        g.highTx = end;
        g.highTxSet = true;
    }
}

void OnCongState(TcpSocketState::TcpCongState_t, TcpSocketState::TcpCongState_t now) {
    if (now == TcpSocketState::CA_RECOVERY) ++g.fastRecoveries;
    if (now == TcpSocketState::CA_LOSS) ++g.timeouts;
    g_state = now;
    TraceRow();
}

void OnCwnd(uint32_t, uint32_t now) {
    if (now > g.maxCwnd) g.maxCwnd = now;
    g_cwnd = now;
    TraceRow();
}

void OnSsthresh(uint32_t, uint32_t now) {
    g_ssthresh = now;
    TraceRow();
}

void OnRwnd(uint32_t, uint32_t now) {
    if (now > g.maxRwnd) g.maxRwnd = now;
}

void CountQueueDropAB(Ptr<const Packet>) {
    ++g.queueDropsAB;
}
void CountQueueDropBA(Ptr<const Packet>) {
    ++g.queueDropsBA;
}
void CountTcDrop(Ptr<const Packet>) {
    ++g.tcDrops;
}
void CountErrorDrop(Ptr<const Packet>) {
    ++g.errorDrops;
}

// Values read back from A's live socket once it exists: what the run really used.
struct Effective {
    std::string tcp, recovery;
    uint32_t mss = 0, delAckCount = 0, initialCwnd = 0, rcvBuf = 0, sndBuf = 0, maxWindow = 0;
    uint32_t reTxThreshold = 0;
    Time delAckTimeout, minRto, clockGranularity;
    bool sack = false, timestamps = false, windowScaling = false, limitedTransmit = false;
    bool read = false;
};

Effective g_eff;

void HookSenderSocket(Ptr<BulkSendApplication> app) {
    Ptr<TcpSocketBase> s = DynamicCast<TcpSocketBase>(app->GetSocket());
    NS_ABORT_MSG_IF(!s, "BulkSendApplication has no TCP socket yet");
    s->TraceConnectWithoutContext("Tx", MakeCallback(&OnTcpTx));
    s->TraceConnectWithoutContext("CongState", MakeCallback(&OnCongState));
    s->TraceConnectWithoutContext("CongestionWindow", MakeCallback(&OnCwnd));
    s->TraceConnectWithoutContext("RWND", MakeCallback(&OnRwnd));
    s->TraceConnectWithoutContext("SlowStartThreshold", MakeCallback(&OnSsthresh));

    UintegerValue u;
    TimeValue t;
    BooleanValue b;
    s->GetAttribute("SegmentSize", u);
    g_eff.mss = u.Get();
    s->GetAttribute("DelAckCount", u);
    g_eff.delAckCount = u.Get();
    s->GetAttribute("InitialCwnd", u);
    g_eff.initialCwnd = u.Get();
    s->GetAttribute("RcvBufSize", u);
    g_eff.rcvBuf = u.Get();
    s->GetAttribute("SndBufSize", u);
    g_eff.sndBuf = u.Get();
    s->GetAttribute("MaxWindowSize", u);
    g_eff.maxWindow = u.Get();
    s->GetAttribute("ReTxThreshold", u);
    g_eff.reTxThreshold = u.Get();
    s->GetAttribute("DelAckTimeout", t);
    g_eff.delAckTimeout = t.Get();
    s->GetAttribute("MinRto", t);
    g_eff.minRto = t.Get();
    s->GetAttribute("ClockGranularity", t);
    g_eff.clockGranularity = t.Get();
    s->GetAttribute("Sack", b);
    g_eff.sack = b.Get();
    s->GetAttribute("Timestamp", b);
    g_eff.timestamps = b.Get();
    s->GetAttribute("WindowScaling", b);
    g_eff.windowScaling = b.Get();
    s->GetAttribute("LimitedTransmit", b);
    g_eff.limitedTransmit = b.Get();
    s->GetAttribute("InitialSlowStartThreshold", u);
    g_ssthresh = u.Get();
    g_cwnd = g_eff.initialCwnd * g_eff.mss;
    TraceRow();
    PointerValue cc;
    s->GetAttribute("CongestionOps", cc);
    g_eff.tcp = cc.Get<TcpCongestionOps>()->GetName();  // "TcpNewReno", "TcpCubic"
    g_eff.read = true;
}

std::string Seconds6(Time t) {
    std::ostringstream os;
    os << std::fixed << std::setprecision(6) << t.GetSeconds();
    return os.str();
}

std::string ShortName(const std::string& typeName) {
    const std::string prefix = "ns3::";
    return typeName.rfind(prefix, 0) == 0 ? typeName.substr(prefix.size()) : typeName;
}

}  // namespace

int main(int argc, char* argv[]) {
    std::string tcp = "Cubic";  // ns-3.37's own default SocketType is ns3::TcpCubic
    std::string sack;           // empty: keep ns-3's default, for each of these
    std::string delack;
    std::string iw;
    std::string minrto;
    std::string recovery;
    uint64_t bytes = 10000000;
    double loss = 0.01;
    uint32_t queuePackets = 100;
    uint32_t mss = 536;
    double stopAfter = 3600.0;  // safety net, simulated seconds
    std::string cwndTrace;

    CommandLine cmd(__FILE__);
    cmd.AddValue("tcp", "congestion control: NewReno or Cubic", tcp);
    cmd.AddValue("sack", "0 or 1 (default: ns-3's TcpSocketBase::Sack)", sack);
    cmd.AddValue("delack", "receiver DelAckCount in segments (default: ns-3's)", delack);
    cmd.AddValue("iw", "InitialCwnd in segments (default: ns-3's)", iw);
    cmd.AddValue("minrto", "MinRto in seconds (default: ns-3's)", minrto);
    cmd.AddValue("recovery", "classic or prr (default: ns-3's TcpL4Protocol::RecoveryType)",
                 recovery);
    cmd.AddValue("bytes", "bytes the sender sends", bytes);
    cmd.AddValue("loss", "packet loss rate on A->B", loss);
    cmd.AddValue("queue", "device queue size in packets", queuePackets);
    cmd.AddValue("mss", "TCP SegmentSize in bytes", mss);
    cmd.AddValue("stop", "give up after this many simulated seconds", stopAfter);
    cmd.AddValue("cwnd-trace", "write t_s,cwnd_bytes,ssthresh_bytes,state rows to this CSV file",
                 cwndTrace);
    cmd.Parse(argc, argv);

    if (!cwndTrace.empty()) {
        g_cwndTrace.open(cwndTrace);
        if (!g_cwndTrace) {
            std::cerr << "bulk_transfer: cannot write " << cwndTrace << "\n";
            return 1;
        }
        g_cwndTrace << "t_s,cwnd_bytes,ssthresh_bytes,state\n";
    }

    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);

    if (tcp == "NewReno" || tcp == "Cubic") {
        Config::SetDefault("ns3::TcpL4Protocol::SocketType", StringValue("ns3::Tcp" + tcp));
    } else {
        std::cerr << "bulk_transfer: --tcp must be NewReno or Cubic, not '" << tcp << "'\n";
        return 2;
    }
    if (!recovery.empty()) {
        if (recovery != "classic" && recovery != "prr") {
            std::cerr << "bulk_transfer: --recovery must be classic or prr\n";
            return 2;
        }
        Config::SetDefault(
            "ns3::TcpL4Protocol::RecoveryType",
            TypeIdValue(TypeId::LookupByName(recovery == "prr" ? "ns3::TcpPrrRecovery"
                                                               : "ns3::TcpClassicRecovery")));
    }
    if (!sack.empty()) {
        if (sack != "0" && sack != "1") {
            std::cerr << "bulk_transfer: --sack must be 0 or 1\n";
            return 2;
        }
        Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(sack == "1"));
    }
    if (!delack.empty()) {
        Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(std::stoul(delack)));
    }
    if (!iw.empty()) {
        Config::SetDefault("ns3::TcpSocket::InitialCwnd", UintegerValue(std::stoul(iw)));
    }
    if (!minrto.empty()) {
        Config::SetDefault("ns3::TcpSocketBase::MinRto", TimeValue(Seconds(std::stod(minrto))));
    }
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(mss));

    NodeContainer nodes;
    nodes.Create(2);  // 0 = A (sender), 1 = B (receiver)

    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    link.SetChannelAttribute("Delay", StringValue("20ms"));
    link.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize",
                  QueueSizeValue(QueueSize(QueueSizeUnit::PACKETS, queuePackets)));
    link.DisableFlowControl();  // no NetDeviceQueueInterface, hence no default queue disc
    NetDeviceContainer devices = link.Install(nodes);

    Ptr<RateErrorModel> lossModel = CreateObject<RateErrorModel>();
    lossModel->SetUnit(RateErrorModel::ERROR_UNIT_PACKET);
    lossModel->SetRate(loss);
    lossModel->AssignStreams(0);  // the loss draws depend on seed, run and this stream only
    devices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(lossModel));

    InternetStackHelper stack;
    stack.Install(nodes);
    Ipv4AddressHelper addresses;
    addresses.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = addresses.Assign(devices);

    // Make sure the device queue is the only queue on the path.
    for (uint32_t i = 0; i < devices.GetN(); ++i) {
        Ptr<TrafficControlLayer> tc = nodes.Get(i)->GetObject<TrafficControlLayer>();
        NS_ABORT_MSG_IF(tc && tc->GetRootQueueDiscOnDevice(devices.Get(i)),
                        "a queue disc was installed on device " << i);
        if (tc) tc->TraceConnectWithoutContext("TcDrop", MakeCallback(&CountTcDrop));
    }
    auto devA = DynamicCast<PointToPointNetDevice>(devices.Get(0));
    auto devB = DynamicCast<PointToPointNetDevice>(devices.Get(1));
    devA->GetQueue()->TraceConnectWithoutContext("Drop", MakeCallback(&CountQueueDropAB));
    devB->GetQueue()->TraceConnectWithoutContext("Drop", MakeCallback(&CountQueueDropBA));
    devB->TraceConnectWithoutContext("PhyRxDrop", MakeCallback(&CountErrorDrop));

    const uint16_t port = 5000;
    PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), port));
    ApplicationContainer sinkApps = sinkHelper.Install(nodes.Get(1));
    sinkApps.Start(Seconds(0.0));
    DynamicCast<PacketSink>(sinkApps.Get(0))
        ->TraceConnectWithoutContext("Rx", MakeCallback(&OnSinkRx));

    BulkSendHelper sendHelper("ns3::TcpSocketFactory",
                              InetSocketAddress(interfaces.GetAddress(1), port));
    sendHelper.SetAttribute("MaxBytes", UintegerValue(bytes));
    ApplicationContainer sendApps = sendHelper.Install(nodes.Get(0));
    const Time start = Seconds(0.0);
    sendApps.Start(start);
    // The socket exists once the application has started; SYN is out, no data yet.
    Simulator::Schedule(start + MicroSeconds(1), &HookSenderSocket,
                        DynamicCast<BulkSendApplication>(sendApps.Get(0)));

    g.target = bytes;
    Simulator::Stop(Seconds(stopAfter));
    Simulator::Run();

    // What ns-3 has as defaults for the two TcpL4Protocol choices, and what this run used.
    TypeIdValue recoveryUsed;
    nodes.Get(0)->GetObject<TcpL4Protocol>()->GetAttribute("RecoveryType", recoveryUsed);

    std::ostringstream out;
    out << std::fixed;
    const double elapsed = (g.completion - start).GetSeconds();
    out << "tcp=" << tcp << " sack=" << (g_eff.sack ? 1 : 0)
        << " recovery=" << ShortName(recoveryUsed.Get().GetName())
        << " complete=" << (g.complete ? 1 : 0) << " bytes=" << g.bytesReceived;
    if (g.complete) {
        out << " completion_s=" << Seconds6(g.completion) << std::setprecision(4)
            << " goodput_mbps=" << (static_cast<double>(bytes) * 8.0 / elapsed / 1e6);
    } else {
        out << " completion_s=NA goodput_mbps=NA";
    }
    out << " data_segments=" << g.dataSegmentsSent << " retransmissions=" << g.retransmissions
        << " retrans_bytes=" << g.retransmittedBytes << " fast_recoveries=" << g.fastRecoveries
        << " rto_timeouts=" << g.timeouts << " queue_drops=" << g.queueDropsAB
        << " queue_drops_ack_dir=" << g.queueDropsBA << " tc_drops=" << g.tcDrops
        << " error_drops=" << g.errorDrops << " max_cwnd_bytes=" << g.maxCwnd
        << " max_rwnd_bytes=" << g.maxRwnd;
    out << " cc=" << g_eff.tcp << " mss=" << g_eff.mss << " DelAckCount=" << g_eff.delAckCount
        << " DelAckTimeout_s=" << g_eff.delAckTimeout.GetSeconds()
        << " InitialCwnd=" << g_eff.initialCwnd << " MinRto_s=" << g_eff.minRto.GetSeconds()
        << " ClockGranularity_s=" << g_eff.clockGranularity.GetSeconds()
        << " Sack=" << (g_eff.sack ? 1 : 0) << " RecoveryType=" << recoveryUsed.Get().GetName()
        << " ReTxThreshold=" << g_eff.reTxThreshold
        << " LimitedTransmit=" << (g_eff.limitedTransmit ? 1 : 0) << " RcvBufSize=" << g_eff.rcvBuf
        << " SndBufSize=" << g_eff.sndBuf << " WindowScaling=" << (g_eff.windowScaling ? 1 : 0)
        << " MaxWindowSize=" << g_eff.maxWindow << " Timestamp=" << (g_eff.timestamps ? 1 : 0)
        << " queue_p=" << queuePackets << " loss=" << loss << " seed=1 run=1";
    std::cout << out.str() << std::endl;

    Simulator::Destroy();
    return g.complete && g_eff.read ? 0 : 1;
}
