#include "io/pickle.h"

#include "io/checkpointerror.h"

#include <ATen/ATen.h>

#include <cstring>
#include <limits>
#include <map>
#include <unordered_map>

namespace dinosam::pickle {
namespace {

using Kind = Value::Kind;

constexpr size_t kMaxDims = 64;

const std::map<std::string, at::ScalarType> &storageTypes()
{
    static const std::map<std::string, at::ScalarType> types = {
        {"torch.FloatStorage", at::kFloat},   {"torch.HalfStorage", at::kHalf},
        {"torch.BFloat16Storage", at::kBFloat16}, {"torch.DoubleStorage", at::kDouble},
        {"torch.LongStorage", at::kLong},     {"torch.IntStorage", at::kInt},
        {"torch.ShortStorage", at::kShort},   {"torch.CharStorage", at::kChar},
        {"torch.ByteStorage", at::kByte},     {"torch.BoolStorage", at::kBool},
    };
    return types;
}

bool isAllowedGlobal(const std::string &name)
{
    return name == "collections.OrderedDict" || name == "torch._utils._rebuild_tensor_v2" ||
           name == "torch._utils._rebuild_parameter" || storageTypes().count(name) != 0;
}


class Machine
{
public:
    Machine(std::string_view data, const StorageLoader &loader, const std::string &context)
        : m_data(data), m_loader(loader), m_context(context)
    {
    }

    Unpickled run();

private:
    ValuePtr make(Kind kind)
    {
        auto v = std::make_shared<Value>();
        v->kind = kind;
        if (kind == Kind::Tuple || kind == Kind::List || kind == Kind::Dict)
            m_result.containers.push_back(v);
        return v;
    }

    [[noreturn]] void fail(const std::string &reason) const
    {
        throw CheckpointError("Cannot read checkpoint " + m_context + ": " + reason + " (pickle byte " +
                              std::to_string(m_opPos) + ")");
    }

    const unsigned char *take(size_t n)
    {
        if (n > m_data.size() - m_pos)
            fail("pickle ends unexpectedly");
        const auto *p = reinterpret_cast<const unsigned char *>(m_data.data() + m_pos);
        m_pos += n;
        return p;
    }
    uint64_t takeUInt(size_t n)
    {
        const unsigned char *p = take(n);
        uint64_t v = 0;
        for (size_t i = 0; i < n; ++i)
            v |= uint64_t(p[i]) << (8 * i);
        return v;
    }
    std::string takeLine()
    {
        const size_t end = m_data.find('\n', m_pos);
        if (end == std::string_view::npos || end - m_pos > 256)
            fail("malformed GLOBAL opcode");
        std::string line(m_data.substr(m_pos, end - m_pos));
        m_pos = end + 1;
        return line;
    }

    void push(ValuePtr v) { m_stack.push_back(std::move(v)); }
    ValuePtr pop()
    {
        if (m_stack.size() <= currentMarkBase() && !m_marks.empty())
            fail("pickle pops across a MARK");
        if (m_stack.empty())
            fail("pickle stack underflow");
        ValuePtr v = std::move(m_stack.back());
        m_stack.pop_back();
        return v;
    }
    ValuePtr &top()
    {
        if (m_stack.size() <= currentMarkBase())
            fail("pickle stack underflow");
        return m_stack.back();
    }
    size_t currentMarkBase() const { return m_marks.empty() ? 0 : m_marks.back(); }
    std::vector<ValuePtr> popToMark()
    {
        if (m_marks.empty())
            fail("pickle has no MARK to pop to");
        const size_t base = m_marks.back();
        m_marks.pop_back();
        std::vector<ValuePtr> items(std::make_move_iterator(m_stack.begin() + base),
                                    std::make_move_iterator(m_stack.end()));
        m_stack.resize(base);
        return items;
    }
    ValuePtr tuple(std::vector<ValuePtr> items)
    {
        auto t = make(Kind::Tuple);
        t->items = std::move(items);
        return t;
    }
    void memoPut(uint64_t index)
    {
        if (m_memo.size() >= m_data.size())
            fail("memo grows past the pickle's size");
        m_memo[index] = top();
    }
    ValuePtr memoGet(uint64_t index)
    {
        const auto it = m_memo.find(index);
        if (it == m_memo.end())
            fail("memo entry " + std::to_string(index) + " is not defined");
        return it->second;
    }
    void setItems(ValuePtr &dict, std::vector<ValuePtr> &items)
    {
        if (dict->kind != Kind::Dict)
            fail("SETITEM(S) on a value that is not a dict");
        if (items.size() % 2 != 0)
            fail("SETITEMS with an odd number of values");
        for (size_t i = 0; i < items.size(); i += 2)
            dict->dict.emplace_back(items[i], items[i + 1]);
    }
    void append(ValuePtr &list, std::vector<ValuePtr> &items)
    {
        if (list->kind != Kind::List)
            fail("APPEND(S) on a value that is not a list");
        list->items.insert(list->items.end(), items.begin(), items.end());
    }
    int64_t asInt(const ValuePtr &v, const char *what)
    {
        if (v->kind != Kind::Int)
            fail(std::string(what) + " is not an integer");
        return v->integer;
    }
    std::vector<int64_t> asIntTuple(const ValuePtr &v, const char *what)
    {
        if (v->kind != Kind::Tuple || v->items.size() > kMaxDims)
            fail(std::string(what) + " is not a tuple of integers");
        std::vector<int64_t> out;
        for (const auto &item : v->items) {
            out.push_back(asInt(item, what));
            if (out.back() < 0)
                fail(std::string(what) + " has a negative entry");
        }
        return out;
    }

    /// Pushes a global after checking it against the whitelist; anything else is refused here,
    /// before it could be called.
    void pushGlobal(const std::string &fullName)
    {
        if (!isAllowedGlobal(fullName))
            fail("refuses global '" + fullName + "': only tensors and dicts may be loaded");
        auto v = make(Kind::Global);
        v->text = fullName;
        push(v);
    }

    ValuePtr persistentLoad(const ValuePtr &pid);
    ValuePtr reduce(const ValuePtr &callable, const ValuePtr &args);
    ValuePtr rebuildTensor(const std::vector<ValuePtr> &args);

    std::string_view m_data;
    const StorageLoader &m_loader;
    std::string m_context;
    size_t m_pos = 0;
    size_t m_opPos = 0;
    std::vector<ValuePtr> m_stack;
    std::vector<size_t> m_marks;
    std::unordered_map<uint64_t, ValuePtr> m_memo;
    Unpickled m_result;
};

ValuePtr Machine::persistentLoad(const ValuePtr &pid)
{
    // ('storage', torch.HalfStorage, key, location, numel)
    if (pid->kind != Kind::Tuple || pid->items.size() != 5 || pid->items[0]->kind != Kind::String ||
        pid->items[0]->text != "storage")
        fail("unsupported persistent id (only tensor storages are allowed)");
    const ValuePtr &type = pid->items[1];
    if (type->kind != Kind::Global || !storageTypes().count(type->text))
        fail("unsupported storage type");
    if (pid->items[2]->kind != Kind::String)
        fail("storage key is not a string");
    const std::string &key = pid->items[2]->text;
    if (key.empty() || key.size() > 64 || key.find_first_of("/\\.") != std::string::npos)
        fail("storage key '" + key + "' is not a plain record name");
    const int64_t numel = asInt(pid->items[4], "storage size");
    if (numel < 0)
        fail("storage size is negative");
    auto storage = make(Kind::Storage);
    storage->tensor = m_loader(key, storageTypes().at(type->text), numel);
    return storage;
}

ValuePtr Machine::rebuildTensor(const std::vector<ValuePtr> &args)
{
    // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
    if (args.size() < 6 || args.size() > 7)
        fail("_rebuild_tensor_v2 called with " + std::to_string(args.size()) + " arguments");
    if (args[0]->kind != Kind::Storage)
        fail("_rebuild_tensor_v2 without a storage");
    const at::Tensor &storage = args[0]->tensor;
    const int64_t offset = asInt(args[1], "storage offset");
    const auto sizes = asIntTuple(args[2], "tensor size");
    const auto strides = asIntTuple(args[3], "tensor stride");
    if (offset < 0)
        fail("negative storage offset");
    if (sizes.size() != strides.size())
        fail("tensor size and stride have different lengths");

    // The highest element the view touches must lie inside the storage.
    const int64_t numel = storage.numel();
    bool empty = false;
    for (int64_t s : sizes)
        empty = empty || s == 0;
    if (offset > numel)
        fail("storage offset " + std::to_string(offset) + " beyond a storage of " + std::to_string(numel));
    if (!empty) {
        int64_t last = offset;
        for (size_t d = 0; d < sizes.size(); ++d) {
            int64_t extent = 0;
            if (__builtin_mul_overflow(sizes[d] - 1, strides[d], &extent) ||
                __builtin_add_overflow(last, extent, &last))
                fail("tensor size x stride overflows");
        }
        if (last >= numel)
            fail("tensor needs element " + std::to_string(last) + " of a storage holding only " +
                 std::to_string(numel));
    }
    auto t = make(Kind::Tensor);
    t->tensor = storage.as_strided(sizes, strides, offset);
    return t;
}

ValuePtr Machine::reduce(const ValuePtr &callable, const ValuePtr &args)
{
    if (callable->kind != Kind::Global)
        fail("REDUCE on a value that is not a whitelisted global");
    if (args->kind != Kind::Tuple)
        fail("REDUCE arguments are not a tuple");
    const std::string &name = callable->text;
    if (name == "collections.OrderedDict") {
        if (!args->items.empty())
            fail("OrderedDict called with arguments");
        return make(Kind::Dict);
    }
    if (name == "torch._utils._rebuild_tensor_v2")
        return rebuildTensor(args->items);
    if (name == "torch._utils._rebuild_parameter") {
        // _rebuild_parameter(data, requires_grad, backward_hooks)
        if (args->items.size() != 3 || args->items[0]->kind != Kind::Tensor)
            fail("_rebuild_parameter called with unexpected arguments");
        return args->items[0];
    }
    fail("global '" + name + "' cannot be called");
}

Unpickled Machine::run()
{
    while (true) {
        m_opPos = m_pos;
        const unsigned char op = *take(1);
        switch (op) {
        case 0x80: // PROTO
            if (*take(1) < 2)
                fail("pickle protocol below 2 is not supported");
            break;
        case 0x95: // FRAME
            take(8);
            break;
        case '.': { // STOP
            if (m_stack.size() != 1 || !m_marks.empty())
                fail("pickle stops with a malformed stack");
            m_result.root = m_stack.back();
            return std::move(m_result);
        }
        case '(': // MARK
            m_marks.push_back(m_stack.size());
            break;
        case '0': // POP
            pop();
            break;
        case '1': // POP_MARK
            popToMark();
            break;
        case '2': // DUP
            push(top());
            break;
        case '}': // EMPTY_DICT
            push(make(Kind::Dict));
            break;
        case ']': // EMPTY_LIST
            push(make(Kind::List));
            break;
        case ')': // EMPTY_TUPLE
            push(make(Kind::Tuple));
            break;
        case 'N': // NONE
            push(make(Kind::None));
            break;
        case 0x88: // NEWTRUE
        case 0x89: { // NEWFALSE
            auto v = make(Kind::Bool);
            v->boolean = op == 0x88;
            push(v);
            break;
        }
        case 'J': // BININT
        case 'K': // BININT1
        case 'M': { // BININT2
            auto v = make(Kind::Int);
            if (op == 'J')
                v->integer = int32_t(uint32_t(takeUInt(4)));
            else
                v->integer = int64_t(takeUInt(op == 'K' ? 1 : 2));
            push(v);
            break;
        }
        case 0x8a: { // LONG1
            const size_t n = *take(1);
            if (n > 8)
                fail("integer wider than 64 bits");
            uint64_t raw = n ? takeUInt(n) : 0;
            if (n > 0 && n < 8 && (raw >> (8 * n - 1)) & 1)
                raw |= ~uint64_t(0) << (8 * n); // sign-extend
            auto v = make(Kind::Int);
            v->integer = int64_t(raw);
            push(v);
            break;
        }
        case 'G': { // BINFLOAT, big-endian
            uint64_t bits = 0;
            const unsigned char *p = take(8);
            for (int i = 0; i < 8; ++i)
                bits = (bits << 8) | p[i];
            auto v = make(Kind::Float);
            std::memcpy(&v->real, &bits, sizeof bits);
            push(v);
            break;
        }
        case 'X':    // BINUNICODE
        case 0x8c:   // SHORT_BINUNICODE
        case 0x8d: { // BINUNICODE8
            const uint64_t n = takeUInt(op == 0x8c ? 1 : op == 'X' ? 4 : 8);
            if (n > m_data.size())
                fail("string longer than the pickle");
            const unsigned char *p = take(size_t(n));
            auto v = make(Kind::String);
            v->text.assign(reinterpret_cast<const char *>(p), size_t(n));
            push(v);
            break;
        }
        case 'q': // BINPUT
            memoPut(*take(1));
            break;
        case 'r': // LONG_BINPUT
            memoPut(takeUInt(4));
            break;
        case 0x94: // MEMOIZE
            memoPut(m_memo.size());
            break;
        case 'h': // BINGET
            push(memoGet(*take(1)));
            break;
        case 'j': // LONG_BINGET
            push(memoGet(takeUInt(4)));
            break;
        case 'c': { // GLOBAL
            const std::string module = takeLine();
            pushGlobal(module + "." + takeLine());
            break;
        }
        case 0x93: { // STACK_GLOBAL
            const ValuePtr name = pop();
            const ValuePtr module = pop();
            if (module->kind != Kind::String || name->kind != Kind::String)
                fail("STACK_GLOBAL with non-string names");
            pushGlobal(module->text + "." + name->text);
            break;
        }
        case 't': // TUPLE
            push(tuple(popToMark()));
            break;
        case 0x85: // TUPLE1
        case 0x86: // TUPLE2
        case 0x87: { // TUPLE3
            const size_t n = size_t(op - 0x84);
            std::vector<ValuePtr> items(n);
            for (size_t i = n; i-- > 0;)
                items[i] = pop();
            push(tuple(std::move(items)));
            break;
        }
        case 'l': { // LIST
            auto list = make(Kind::List);
            list->items = popToMark();
            push(list);
            break;
        }
        case 'd': { // DICT
            auto dict = make(Kind::Dict);
            auto items = popToMark();
            setItems(dict, items);
            push(dict);
            break;
        }
        case 'a': { // APPEND
            std::vector<ValuePtr> items{pop()};
            append(top(), items);
            break;
        }
        case 'e': { // APPENDS
            auto items = popToMark();
            append(top(), items);
            break;
        }
        case 's': { // SETITEM
            ValuePtr value = pop();
            ValuePtr key = pop();
            std::vector<ValuePtr> items{key, value};
            setItems(top(), items);
            break;
        }
        case 'u': { // SETITEMS
            auto items = popToMark();
            setItems(top(), items);
            break;
        }
        case 'Q': // BINPERSID
            push(persistentLoad(pop()));
            break;
        case 'R': { // REDUCE
            ValuePtr args = pop();
            ValuePtr callable = pop();
            push(reduce(callable, args));
            break;
        }
        case 'b': { // BUILD: only a state dict's `_metadata` attribute, which we do not need
            ValuePtr state = pop();
            if (top()->kind != Kind::Dict || (state->kind != Kind::Dict && state->kind != Kind::None))
                fail("BUILD on a value other than a dict");
            break;
        }
        default: {
            static const char hex[] = "0123456789abcdef";
            fail(std::string("unsupported pickle opcode 0x") + hex[op >> 4] + hex[op & 15]);
        }
        }
    }
}

} // namespace

Unpickled::~Unpickled()
{
    for (const ValuePtr &container : containers) {
        container->items.clear();
        container->dict.clear();
    }
}

Unpickled unpickle(std::string_view data, const StorageLoader &loadStorage, const std::string &context)
{
    return Machine(data, loadStorage, context).run();
}

} // namespace dinosam::pickle
