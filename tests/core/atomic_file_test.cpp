// core::writeFileAtomically, the one way tcpviz writes a file (issue 15): all of the bytes or
// none, on an ordinary directory and on a real full disk (tests/support/full_disk.h), and the
// lesson saved through it (core::saveScenarioFile).
#include "core/io/atomic_file.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <vector>

#include "core/scenario/scenario.h"
#include "tests/support/full_disk.h"
#include "tests/support/temp_dir.h"

namespace tcpviz::core {
namespace {

namespace fs = std::filesystem;

using tcpviz_test::entries;
using tcpviz_test::readText;
using tcpviz_test::TempDir;
using tcpviz_test::writeText;

// A lesson big enough to need more than one block of the file system.
Scenario longLesson() {
    Scenario s = parseScenario(R"({"format": "tcpviz-scenario/1"})");
    s.description.text["en"] = std::string(20'000, 'x');
    return s;
}

TEST(WriteFileAtomically, WritesAndReplacesLeavingOnlyTheFile) {
    TempDir dir;
    const fs::path path = dir.path() / "out.txt";
    writeFileAtomically(path.string(), "first\n");
    EXPECT_EQ(readText(path), "first\n");
    const std::string big(100'000, 'b');
    writeFileAtomically(path.string(), big);
    EXPECT_EQ(readText(path), big);
    writeFileAtomically(path.string(), "");
    EXPECT_EQ(readText(path), "");
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"out.txt"});
}

TEST(WriteFileAtomically, KeepsThePermissionsOfTheFileItReplaces) {
    TempDir dir;
    const fs::path path = dir.path() / "lesson.json";
    writeText(path, "old");
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    writeFileAtomically(path.string(), "new");
    EXPECT_EQ(readText(path), "new");
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
}

TEST(WriteFileAtomically, WritesThroughASymbolicLink) {
    TempDir dir;
    const fs::path target = dir.path() / "real.json", link = dir.path() / "link.json";
    writeText(target, "old");
    fs::create_symlink(target.filename(), link);
    writeFileAtomically(link.string(), "new");
    EXPECT_TRUE(fs::is_symlink(link));
    EXPECT_EQ(readText(target), "new");
    EXPECT_EQ(dir.entries(), (std::vector<std::string>{"link.json", "real.json"}));
}

TEST(WriteFileAtomically, FailureNamesTheFileAndLeavesNothing) {
    TempDir dir;
    const std::string path = (dir.path() / "missing" / "out.txt").string();
    try {
        writeFileAtomically(path, "bytes");
        FAIL() << "writing into a missing directory must fail";
    } catch (const FileWriteError& e) {
        EXPECT_EQ(e.path(), path);
        EXPECT_EQ(e.errorNumber(), ENOENT);
        EXPECT_FALSE(e.diskFull());
        EXPECT_EQ(std::string(e.what()), "cannot write " + path + ": " + e.systemText());
    }
    EXPECT_TRUE(dir.entries().empty());

    // The target is a directory: the rename fails; the directory and its content stay, and
    // the temporary file is removed.
    const fs::path occupied = dir.path() / "occupied";
    fs::create_directories(occupied);
    writeText(occupied / "keep.txt", "keep");
    EXPECT_THROW(writeFileAtomically(occupied.string(), "bytes"), FileWriteError);
    EXPECT_EQ(dir.entries(), std::vector<std::string>{"occupied"});
    EXPECT_EQ(readText(occupied / "keep.txt"), "keep");
}

TEST(WriteFileAtomically, QuotaUsedUpIsAFullDiskToo) {
    EXPECT_TRUE(FileWriteError("a", EDQUOT).diskFull());
    EXPECT_EQ(FileWriteError("a", EDQUOT).reason(), "the disk is full (Disk quota exceeded)");
    EXPECT_EQ(FileWriteError("a", EACCES).reason(), "Permission denied");
}

// --- on a real full disk ---

TEST(FullDisk, WriteThrowsAndKeepsTheOldFile) {
    const tcpviz_test::FullDisk disk;
    if (!disk.mounted()) GTEST_SKIP() << disk.whyNot();
    const std::string path = disk.path("trace.txt");
    writeText(path, "the old trace\n");
    ASSERT_TRUE(disk.fill());
    for (const std::size_t size : {std::size_t{10}, std::size_t{100'000}}) {
        try {
            writeFileAtomically(path, std::string(size, 'n'));
            FAIL() << "writing " << size << " bytes to a full disk must fail";
        } catch (const FileWriteError& e) {
            EXPECT_TRUE(e.diskFull()) << e.what();
            EXPECT_EQ(e.path(), path);
            EXPECT_EQ(std::string(e.what()),
                      "cannot write " + path + ": the disk is full (No space left on device)");
        }
        EXPECT_EQ(readText(path), "the old trace\n");
        EXPECT_EQ(entries(disk.dir()),
                  (std::vector<std::string>{tcpviz_test::FullDisk::kFiller, "trace.txt"}));
    }
}

TEST(FullDisk, SavedLessonThrowsAndKeepsTheOldFile) {
    const tcpviz_test::FullDisk disk;
    if (!disk.mounted()) GTEST_SKIP() << disk.whyNot();
    const std::string path = disk.path("lesson.json");
    Scenario old = longLesson();
    old.id = "old";
    saveScenarioFile(old, path);
    const std::string before = readText(path);
    ASSERT_TRUE(disk.fill());
    try {
        saveScenarioFile(longLesson(), path);
        FAIL() << "saving to a full disk must fail";
    } catch (const ScenarioError& e) {
        EXPECT_EQ(e.file(), path);
        EXPECT_EQ(std::string(e.what()),
                  path + ": cannot save the scenario: the disk is full (No space left on device)");
    }
    EXPECT_EQ(readText(path), before);
    EXPECT_EQ(loadScenarioFile(path), old);
    EXPECT_EQ(entries(disk.dir()),
              (std::vector<std::string>{tcpviz_test::FullDisk::kFiller, "lesson.json"}));
}

}  // namespace
}  // namespace tcpviz::core
