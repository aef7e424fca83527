#pragma once
// The live connection of `tcpviz --interop-demo` (issue 17): core::runInteropDemo on a thread of
// its own (it moves that thread into a network namespace), its frames written as a pcapng as
// they cross, for the window to open again and again as the capture grows.
#include <QObject>
#include <QString>

#include <atomic>
#include <chrono>
#include <thread>

namespace tcpviz::ui {

class LiveDemo : public QObject {
    Q_OBJECT
public:
    // The capture goes to `capture_path` (written whole each time, never half).
    explicit LiveDemo(QString capture_path, QObject* parent = nullptr);
    ~LiveDemo() override;   // stops the demo and waits for its thread

    // Starts the demo, with `pace` between its steps; nothing when it runs already.
    void start(std::chrono::milliseconds pace = std::chrono::milliseconds(2000));
    void stop();
    [[nodiscard]] bool isRunning() const { return m_running; }
    [[nodiscard]] const QString& capturePath() const { return m_path; }

Q_SIGNALS:
    // The file at capturePath() holds more frames.
    void captureChanged();
    // The demo is over: `error` is empty when it ran to its end or was stopped; `unavailable`
    // when it could not make its network namespace or TUN device (core::InteropDemoResult).
    void finished(const QString& error, bool unavailable);

private:
    QString m_path;
    std::thread m_thread;
    std::atomic<bool> m_stop{false};
    bool m_running = false;
};

}  // namespace tcpviz::ui
