#pragma once
// The threads tcpviz's long work runs on: simulating, indexing, laying out (QtConcurrent::run
// with this pool). Not QThreadPool::globalInstance(): Qt's raster paint engine splits large
// fills over the global pool and waits for them on the UI thread, so a global pool busy with a
// hostile file's simulation froze the window's painting (seen on 2 cores: 550 ms, every
// scrollbar repaint waiting in QSemaphore::acquire behind a simulation and an index).
#include <QThreadPool>

namespace tcpviz::ui {

QThreadPool* workPool();

}  // namespace tcpviz::ui
