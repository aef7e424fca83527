#pragma once
// `tcpviz --interop-demo` (issue 17): a live connection between tcpviz's engine and the Linux
// kernel, slow enough to watch. The engine (192.0.2.1) connects to a server of the kernel's
// (198.51.100.7:8080) through a TUN device in a network namespace of its own, sends a request,
// reads the answer and closes; the kernel closes after it. The frames are handed over as a
// pcapng as they cross, for the window to draw.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/tcp/state.h"

namespace tcpviz::core {

struct InteropDemoOptions {
    // The pause between the script's steps, for the eye to follow; 0 in tests.
    std::chrono::milliseconds pace{2000};
    // Told the capture so far (pcapng bytes) after each burst of frames, at most every
    // `update_every`, and once at the end.
    std::function<void(const std::string& pcapng)> update;
    std::chrono::milliseconds update_every{200};
    // Set from another thread to stop the demo early.
    const std::atomic<bool>* stop = nullptr;
};

struct InteropDemoResult {
    std::string error;                    // empty when the demo ran to its end
    bool stopped = false;                 // options.stop was set
    // No network namespace or TUN device could be made here (not root, no /dev/net/tun):
    // `error` says why. Not a failure of the demo.
    bool unavailable = false;
    std::string pcapng;                   // every frame that crossed the device
    std::vector<State> engine_states;     // the engine's, from CLOSED
    std::string request, answer;          // the bytes each side read
};

// Runs the demo on the calling thread, which it moves into a network namespace of its own
// (so call it on a thread that can be given up to it). Needs root; otherwise `error` says why.
InteropDemoResult runInteropDemo(const InteropDemoOptions& options);

}  // namespace tcpviz::core
