package io.ofql.experiments.bench;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.testng.annotations.Test;

public class ProcessMemoryTest {

    @Test
    public void readsVmRssInKilobytes() {
        List<String> status = List.of("Name:\tjava", "VmPeak:\t 9999 kB", "VmRSS:\t  123456 kB", "Threads:\t40");
        assertEquals(ProcessMemory.vmRss(status), 123456L * 1024);
        assertEquals(ProcessMemory.vmRss(List.of("Name:\tjava")), -1L);
        assertThrows(IllegalArgumentException.class, () -> ProcessMemory.vmRss(List.of("VmRSS:\t 12 MB")));
    }

    @Test
    public void seesArraysAndNativeMemoryComeAndGo() {
        ProcessMemory before = ProcessMemory.read(Device.cpu());
        assertTrue(before.rss() > before.heapUsed(), before.toString());
        assertEquals(before.gpuUsed(), -1L);
        try (NDManager m = NDManager.newBaseManager()) {
            // 64 MB through libtorch's allocator (malloc), 10 live arrays.
            for (int i = 0; i < 10; i++) {
                NDArray x = m.zeros(new Shape(1024, 1024, 2));
                x.addi(x);
            }
            ProcessMemory during = ProcessMemory.read(Device.cpu());
            assertEquals(during.liveArrays() - before.liveArrays(), 10L);
            if (before.mallocInUse() >= 0) {
                // malloc's count is the whole process's, and other threads (the JIT, the GC, other
                // tests' leftovers being freed) move it meanwhile: 90% of the 80 MB must show.
                long expected = 10L * 8 * 1024 * 1024;
                assertTrue(during.mallocInUse() - before.mallocInUse() >= expected * 9 / 10, during + " vs " + before);
            }
        }
        ProcessMemory after = ProcessMemory.read(Device.cpu());
        assertEquals(after.liveArrays(), before.liveArrays());
    }
}
