// Shows why shardlift has its own Lucene reader: Lucene++ (the C++ port of Java Lucene 3.0) cannot
// open the Lucene 5.x/6.x indices that Elasticsearch 2.x/5.x write.
//
// Usage: lucenepp_probe <lucene-index-dir>
// Prints what Lucene++ says and exits 0 if Lucene++ opened the index, 1 if it refused.
#include <lucene++/LuceneHeaders.h>

#include <iostream>

#define LUCENEPP_WIDEN2(x) L##x
#define LUCENEPP_WIDEN(x) LUCENEPP_WIDEN2(x)

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: lucenepp_probe <lucene-index-dir>\n";
    return 2;
  }
  try {
    Lucene::IndexReaderPtr reader = Lucene::IndexReader::open(
        Lucene::FSDirectory::open(Lucene::StringUtils::toUnicode(argv[1])), true);
    std::cout << "Lucene++ opened the index: " << reader->numDocs() << " documents\n";
    reader->close();
    return 0;
  } catch (const Lucene::LuceneException& e) {
    std::wcout << L"Lucene++ " << LUCENEPP_WIDEN(LUCENEPP_VERSION) << L" cannot read it: "
               << e.getError() << L"\n";
    return 1;
  }
}
