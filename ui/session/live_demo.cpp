#include "ui/session/live_demo.h"

#include <QMetaObject>

#include "core/capture/pcapng_writer.h"
#include "core/io/atomic_file.h"
#include "core/sim/interop_demo.h"

namespace tcpviz::ui {

LiveDemo::LiveDemo(QString capture_path, QObject* parent) : QObject(parent), m_path(std::move(capture_path)) {}

LiveDemo::~LiveDemo() {
    m_stop = true;
    if (m_thread.joinable()) m_thread.join();
}

void LiveDemo::start(std::chrono::milliseconds pace) {
    if (m_running) return;
    if (m_thread.joinable()) m_thread.join();
    m_running = true;
    m_stop = false;
    const std::string path = m_path.toStdString();
    m_thread = std::thread([this, pace, path] {
        core::InteropDemoOptions options;
        options.pace = pace;
        options.stop = &m_stop;
        std::string write_error;
        options.update = [&](const std::string& pcapng) {
            try {
                core::writeCaptureFile(pcapng, path);
            } catch (const std::exception& e) {
                write_error = e.what();
                return;
            }
            // Queued to the window's thread; dropped if this object is gone by then.
            QMetaObject::invokeMethod(this, [this] { Q_EMIT captureChanged(); }, Qt::QueuedConnection);
        };
        const core::InteropDemoResult r = core::runInteropDemo(options);
        const QString error = QString::fromStdString(r.error.empty() ? write_error : r.error);
        const bool unavailable = r.unavailable;
        QMetaObject::invokeMethod(
            this,
            [this, error, unavailable] {
                m_running = false;
                Q_EMIT finished(error, unavailable);
            },
            Qt::QueuedConnection);
    });
}

void LiveDemo::stop() { m_stop = true; }

}  // namespace tcpviz::ui
