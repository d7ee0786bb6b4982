"""Demo news: categories, the seed article of 12/03/2021 and about forty more articles.

Idempotent: categories are matched by slug and articles by slug; an existing article is left
as it is (its photo is never redrawn). Photos are drawn locally with Pillow (demo.images).
"""

import datetime
import html

from django.core.files.base import ContentFile
from django.utils import timezone

from common.text import slugify_vi
from news.models import Article, Category, GalleryPhoto, Status, Tag

from . import images

CATEGORIES = [
    ("tin-hoat-dong", "Tin hoạt động", "Hoạt động của Ban Chỉ đạo 35 huyện và các bộ phận giúp việc."),
    ("chi-dao-dieu-hanh", "Chỉ đạo điều hành", "Kế hoạch, chỉ đạo, đôn đốc của Ban Chỉ đạo."),
    (
        "thong-tin-tuyen-truyen",
        "Thông tin tuyên truyền",
        "Tuyên truyền nghị quyết, chủ trương của Đảng, chính sách, pháp luật của Nhà nước.",
    ),
    (
        "dau-tranh-phan-bac",
        "Đấu tranh phản bác",
        "Nhận diện, phản bác thông tin sai lệch, quan điểm sai trái, thù địch.",
    ),
    (
        "guong-dien-hinh",
        "Gương điển hình",
        "Tập thể, cá nhân tiêu biểu trong công tác bảo vệ nền tảng tư tưởng của Đảng.",
    ),
]

SEED_SLUG = "hoi-nghi-trien-khai-ke-hoach-quy-che-lam-viec-ban-chi-dao-35-huyen"
SEED_TITLE = "Hội nghị triển khai kế hoạch, quy chế làm việc Ban Chỉ đạo 35 huyện"
SEED_SUMMARY = (
    "Ngày 12/03/2021, Ban Chỉ đạo 35 huyện Duyên Hải tổ chức hội nghị triển khai kế hoạch, quy chế hoạt "
    "động của Ban Chỉ đạo và xin ý kiến các thành viên Ban Chỉ đạo, thành viên các bộ phận trực thuộc Ban "
    "Chỉ đạo về một số văn bản liên quan. Đồng chí Phan Văn Nhặn, Phó Bí thư Thường trực Huyện ủy, Trưởng "
    "Ban Chỉ đạo 35 huyện chủ trì hội nghị."
)
SEED_PARAGRAPHS = [
    "Hội nghị thông qua Kế hoạch Ban Chỉ đạo 35 huyện, về hoạt động của Ban bảo vệ nền tảng tư tưởng của "
    "Đảng, đấu tranh, phản bác các quan điểm sai trái, thù địch. Quy chế hoạt động của Ban Biên tập trang "
    "fanpage Ban Chỉ đạo; Quy chế hoạt động của Cộng tác viên Ban Chỉ đạo bảo vệ nền tảng tư tưởng của Đảng, "
    "đấu tranh phản bác các quan điểm sai trái, thù địch.",
    "Theo đó, Ban Chỉ đạo 35 huyện tiếp tục quán triệt và lãnh đạo thực hiện ngày càng có hiệu quả công tác "
    "bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch trong tình hình "
    "mới, nhất là công tác đấu tranh phản bác những thông tin sai lệch, xấu, độc trên không gian mạng hiện "
    "nay. Thông qua việc triển khai đồng bộ các nhiệm vụ, giải pháp năm 2021 của Ban Chỉ đạo 35 huyện, đề cao "
    "vai trò, trách nhiệm của người đứng đầu cấp ủy, cơ quan, đơn vị; phát huy vai trò nòng cốt của lực lượng "
    "báo cáo viên, cộng tác viên dư luận xã hội, tuyên truyền viên cơ sở và các cơ quan tham mưu trong công "
    "tác bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch.",
    "Để bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch, Ban Chỉ đạo "
    "35 huyện đề ra các nhóm giải pháp: Củng cố, kiện toàn Ban Chỉ đạo 35 huyện và các bộ phận giúp việc của "
    "Ban Chỉ đạo đảm bảo hoạt động có hiệu quả. Đẩy mạnh công tác giáo dục, tuyên truyền nâng cao nhận thức "
    "trách nhiệm về bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các thông tin, quan điểm sai trái, "
    "thù địch trong tình hình mới. Quán triệt, lãnh đạo, chỉ đạo thực hiện nghiêm quy định của Đảng, pháp "
    "luật Nhà nước về tiếp cận, xử lý và chia sẻ thông tin trên mạng xã hội. Xây dựng lực lượng tham gia bảo "
    "vệ nền tảng tư tưởng của Đảng. Nâng cao năng lực, hiệu quả quản lý nhà nước về khai thác, sử dụng "
    "internet, mạng xã hội theo quy định của pháp luật; tăng cường kiểm tra, giám sát, giữ nghiêm kỷ luật, "
    "kỷ cương của Đảng; nâng cao trách nhiệm nêu gương của cán bộ lãnh đạo, quản lý. Nâng cao năng lực, "
    "trình độ, kỹ năng cho lực lượng chuyên trách và các cơ quan liên quan trong đấu tranh bảo vệ nền tảng "
    "tư tưởng của Đảng, phản bác các thông tin xấu, độc, quan điểm sai trái, thù địch./.",
]
# The seed page prints the caption over two lines; joined with a comma it reads as one sentence.
SEED_CAPTION = (
    "Đồng chí Phan Văn Nhặn, Phó Bí thư Thường trực Huyện ủy, Trưởng Ban Chỉ đạo 35 huyện phát biểu chỉ đạo"
)
SEED_ALT = "Đồng chí Trưởng Ban Chỉ đạo 35 huyện phát biểu tại hội nghị, phía sau là hội trường đông đại biểu"
SEED_CREDIT = "Tin, ảnh: Minh Đông"
# The committee head the seed article mentions; demo.committee creates him and links the two.
SEED_PERSON = "Phan Văn Nhặn"

# (category slug, title, summary, paragraphs, scene, days before today, credit)
ARTICLES = [
    (
        "tin-hoat-dong",
        "Ban Chỉ đạo 35 huyện sơ kết công tác 9 tháng đầu năm",
        "Ban Chỉ đạo 35 huyện Duyên Hải tổ chức hội nghị sơ kết công tác bảo vệ nền tảng tư tưởng của Đảng 9 tháng đầu năm, triển khai nhiệm vụ những tháng cuối năm.",
        [
            "Trong 9 tháng, các thành viên Ban Chỉ đạo đã tham mưu ban hành 6 kế hoạch, tổ chức 12 cuộc tuyên truyền tại cơ sở với hơn 1.500 lượt người dự.",
            "Lực lượng cộng tác viên đăng tải, chia sẻ hơn 2.300 tin, bài tích cực trên mạng xã hội; kịp thời nắm bắt, báo cáo các thông tin sai lệch phát sinh trên địa bàn.",
            "Hội nghị thống nhất tập trung nâng cao chất lượng hoạt động của trang fanpage, bồi dưỡng kỹ năng cho cộng tác viên và tăng cường phối hợp giữa các ngành.",
        ],
        "hall",
        3,
        "Tin, ảnh: Minh Đông",
    ),
    (
        "thong-tin-tuyen-truyen",
        "Tuyên truyền Nghị quyết 35-NQ/TW đến đoàn viên, thanh niên xã Long Hữu",
        "Huyện đoàn phối hợp Đảng ủy xã Long Hữu tổ chức buổi sinh hoạt chuyên đề về Nghị quyết 35-NQ/TW của Bộ Chính trị cho hơn 120 đoàn viên, thanh niên.",
        [
            "Báo cáo viên giới thiệu những nội dung cơ bản của Nghị quyết, phân tích các thủ đoạn lợi dụng mạng xã hội để xuyên tạc, chống phá.",
            "Đoàn viên được hướng dẫn cách nhận diện tin giả, kiểm chứng nguồn tin trước khi chia sẻ và cách báo cáo nội dung vi phạm.",
            "Kết thúc buổi sinh hoạt, 35 đoàn viên đăng ký tham gia nhóm cộng tác viên dư luận xã hội của xã.",
        ],
        "training",
        6,
        "Tin, ảnh: Thanh Tâm",
    ),
    (
        "dau-tranh-phan-bac",
        "Tỉnh táo trước luận điệu xuyên tạc về sắp xếp đơn vị hành chính",
        "Lợi dụng việc sắp xếp đơn vị hành chính, một số trang mạng đưa tin sai lệch nhằm gây hoang mang trong nhân dân. Người dân cần tìm hiểu thông tin từ nguồn chính thống.",
        [
            "Thời gian qua, một số tài khoản mạng xã hội đăng tải thông tin cho rằng việc sắp xếp đơn vị hành chính sẽ làm mất quyền lợi của người dân.",
            "Thực tế, chủ trương sắp xếp nhằm tinh gọn bộ máy, nâng cao hiệu lực, hiệu quả quản lý; quyền lợi hợp pháp của người dân được bảo đảm theo quy định.",
            "Mỗi cán bộ, đảng viên cần chủ động tìm hiểu, tuyên truyền đúng chủ trương, không chia sẻ thông tin chưa được kiểm chứng.",
        ],
        "digital",
        9,
        "Thu Hằng",
    ),
    (
        "chi-dao-dieu-hanh",
        "Triển khai kế hoạch tuyên truyền kỷ niệm ngày thành lập Đảng",
        "Ban Chỉ đạo 35 huyện ban hành kế hoạch tuyên truyền kỷ niệm ngày thành lập Đảng Cộng sản Việt Nam, gắn với đấu tranh phản bác quan điểm sai trái.",
        [
            "Kế hoạch yêu cầu các cơ quan, đơn vị đa dạng hình thức tuyên truyền, chú trọng tuyên truyền trên không gian mạng.",
            "Các xã, thị trấn tổ chức treo cờ, băng rôn, khẩu hiệu; phát thanh các chuyên mục về truyền thống vẻ vang của Đảng.",
            "Ban Tuyên giáo và Dân vận Huyện ủy theo dõi, tổng hợp kết quả, báo cáo Ban Chỉ đạo trước ngày 10 tháng 2.",
        ],
        "ceremony",
        13,
        "Tin: Ngọc Hân",
    ),
    (
        "tin-hoat-dong",
        "Tập huấn kỹ năng cho cộng tác viên dư luận xã hội",
        "Hơn 80 cộng tác viên dư luận xã hội của huyện được tập huấn kỹ năng nắm bắt, phản ánh tình hình tư tưởng và kỹ năng viết bài trên mạng xã hội.",
        [
            "Lớp tập huấn gồm các chuyên đề: phương pháp thu thập, tổng hợp dư luận xã hội; kỹ năng viết tin, bài ngắn; an toàn thông tin khi sử dụng mạng xã hội.",
            "Học viên thực hành xây dựng một tin, bài phản ánh hoạt động của địa phương và thảo luận cách xử lý tình huống khi gặp thông tin xấu, độc.",
            "Lớp tập huấn góp phần nâng cao chất lượng báo cáo dư luận xã hội định kỳ hằng tháng.",
        ],
        "training",
        17,
        "Tin, ảnh: Minh Đông",
    ),
    (
        "guong-dien-hinh",
        "Người cựu chiến binh tận tụy với công tác tuyên truyền ở ấp Phước Thiện",
        "Gần 10 năm làm tuyên truyền viên cơ sở, ông Nguyễn Văn Tám ở ấp Phước Thiện luôn gần dân, nắm bắt tâm tư của bà con để kịp thời giải thích, định hướng.",
        [
            "Mỗi tuần, ông đều đặn đến từng nhà trong ấp, trao đổi về chủ trương, chính sách mới và lắng nghe ý kiến của bà con.",
            "Khi trên mạng xuất hiện thông tin sai lệch về chính sách hỗ trợ, ông chủ động giải thích để bà con hiểu đúng, không chia sẻ theo.",
            "Ông được Ủy ban nhân dân huyện tặng giấy khen vì thành tích xuất sắc trong công tác tuyên truyền.",
        ],
        "field",
        21,
        "Tin, ảnh: Hoàng Nam",
    ),
    (
        "thong-tin-tuyen-truyen",
        "Phát huy vai trò của báo cáo viên trong tình hình mới",
        "Đội ngũ báo cáo viên là lực lượng nòng cốt trong tuyên truyền, định hướng tư tưởng; cần được bồi dưỡng thường xuyên để đáp ứng yêu cầu nhiệm vụ.",
        [
            "Hiện huyện có 42 báo cáo viên cấp huyện và hơn 200 tuyên truyền viên cơ sở.",
            "Nhiều báo cáo viên đã đổi mới cách truyền đạt, sử dụng hình ảnh, ví dụ gần gũi với đời sống người dân địa phương.",
            "Thời gian tới, Ban Tuyên giáo và Dân vận Huyện ủy tiếp tục tổ chức bồi dưỡng, cung cấp thông tin định hướng kịp thời cho đội ngũ này.",
        ],
        "hall",
        26,
        "Thanh Tâm",
    ),
    (
        "dau-tranh-phan-bac",
        "Nhận diện thủ đoạn dùng video cắt ghép để xuyên tạc",
        "Các đối tượng xấu cắt ghép video, gán ghép lời nói để bóp méo hình ảnh cán bộ, chính quyền. Người xem cần xem nguồn gốc, thời điểm và bối cảnh của đoạn phim.",
        [
            "Thủ đoạn phổ biến là cắt một đoạn ngắn trong buổi làm việc, thêm phụ đề sai lệch rồi lan truyền với tiêu đề giật gân.",
            "Để kiểm chứng, người xem cần tìm bản gốc, đối chiếu với thông tin của cơ quan chức năng và báo chí chính thống.",
            "Khi phát hiện nội dung sai sự thật, người dân có thể báo cáo với nền tảng mạng xã hội và thông tin cho cơ quan chức năng địa phương.",
        ],
        "digital",
        30,
        "Thu Hằng",
    ),
    (
        "tin-hoat-dong",
        "Kiểm tra công tác bảo vệ nền tảng tư tưởng của Đảng tại xã Ngũ Lạc",
        "Đoàn kiểm tra của Ban Chỉ đạo 35 huyện làm việc với Đảng ủy xã Ngũ Lạc về việc triển khai nhiệm vụ bảo vệ nền tảng tư tưởng của Đảng.",
        [
            "Đảng ủy xã đã kiện toàn Tổ giúp việc, phân công cán bộ theo dõi, nắm bắt tình hình tư tưởng ở từng ấp.",
            "Đoàn kiểm tra đề nghị xã đẩy mạnh tuyên truyền trên trang thông tin của xã và nhóm Zalo các ấp.",
            "Xã cần chú trọng phát triển lực lượng cộng tác viên là đoàn viên thanh niên, hội viên phụ nữ.",
        ],
        "field",
        34,
        "Tin, ảnh: Minh Đông",
    ),
    (
        "chi-dao-dieu-hanh",
        "Ban hành quy chế phối hợp cung cấp thông tin cho trang fanpage",
        "Ban Chỉ đạo 35 huyện ban hành quy chế phối hợp giữa các cơ quan, đơn vị trong việc cung cấp thông tin cho trang fanpage của Ban Chỉ đạo.",
        [
            "Quy chế quy định rõ trách nhiệm cung cấp thông tin, thời hạn, hình thức và người đầu mối của từng cơ quan.",
            "Các thông tin nhạy cảm phải được thủ trưởng cơ quan duyệt trước khi cung cấp.",
            "Ban Biên tập trang fanpage chịu trách nhiệm biên tập, đăng tải và lưu trữ thông tin theo quy định.",
        ],
        "hall",
        39,
        "Tin: Ngọc Hân",
    ),
    (
        "thong-tin-tuyen-truyen",
        "Hướng dẫn người dân sử dụng mạng xã hội an toàn, có trách nhiệm",
        "Bộ quy tắc ứng xử trên mạng xã hội khuyến nghị người dùng tôn trọng, tuân thủ pháp luật, lành mạnh, an toàn và có trách nhiệm.",
        [
            "Người dùng không đăng tải, chia sẻ thông tin chưa được kiểm chứng, nội dung vi phạm pháp luật hoặc xúc phạm người khác.",
            "Cần bảo vệ thông tin cá nhân, đặt mật khẩu mạnh và cảnh giác với các đường dẫn lạ.",
            "Khi bị lừa đảo hoặc phát hiện vi phạm, người dân liên hệ công an xã hoặc cơ quan chức năng để được hỗ trợ.",
        ],
        "digital",
        44,
        "Thanh Tâm",
    ),
    (
        "guong-dien-hinh",
        "Chi đoàn ấp Cây Da: “Mỗi đoàn viên là một tuyên truyền viên”",
        "Chi đoàn ấp Cây Da duy trì nhóm đoàn viên chia sẻ thông tin tích cực trên mạng xã hội, lan tỏa hình ảnh đẹp của quê hương.",
        [
            "Mỗi tuần, chi đoàn chọn một chủ đề như gương người tốt, việc tốt, chính sách mới để đoàn viên cùng chia sẻ.",
            "Nhiều bài viết về mô hình sản xuất hiệu quả của địa phương nhận được hàng nghìn lượt tương tác.",
            "Mô hình được Huyện đoàn nhân rộng ra các chi đoàn khác trong huyện.",
        ],
        "field",
        48,
        "Tin, ảnh: Hoàng Nam",
    ),
    (
        "dau-tranh-phan-bac",
        "Bác bỏ luận điệu phủ nhận thành tựu giảm nghèo của địa phương",
        "Những năm qua, tỷ lệ hộ nghèo của huyện giảm rõ rệt; đó là kết quả không thể phủ nhận của sự lãnh đạo của Đảng và nỗ lực của nhân dân.",
        [
            "Số liệu thống kê cho thấy thu nhập bình quân đầu người của huyện tăng đều qua từng năm.",
            "Hệ thống giao thông nông thôn, trường học, trạm y tế được đầu tư khang trang hơn.",
            "Những luận điệu phủ nhận thành tựu này là thiếu khách quan, nhằm gây hoài nghi trong nhân dân.",
        ],
        "field",
        53,
        "Thu Hằng",
    ),
    (
        "tin-hoat-dong",
        "Hội nghị báo cáo viên tháng: cập nhật thông tin thời sự",
        "Hơn 100 báo cáo viên, tuyên truyền viên được cập nhật tình hình thời sự trong nước, quốc tế và định hướng tuyên truyền trong tháng.",
        [
            "Hội nghị thông tin về tình hình kinh tế - xã hội của tỉnh, huyện và những vấn đề dư luận quan tâm.",
            "Báo cáo viên được định hướng tuyên truyền về các ngày lễ lớn và sự kiện chính trị quan trọng.",
            "Các đại biểu trao đổi kinh nghiệm tuyên truyền tại các điểm sinh hoạt ấp, khóm.",
        ],
        "hall",
        58,
        "Tin, ảnh: Minh Đông",
    ),
    (
        "chi-dao-dieu-hanh",
        "Đôn đốc thực hiện chế độ báo cáo dư luận xã hội định kỳ",
        "Ban Chỉ đạo 35 huyện đề nghị các đơn vị thực hiện nghiêm chế độ báo cáo dư luận xã hội hằng tháng, bảo đảm đúng thời gian, chất lượng.",
        [
            "Qua theo dõi, một số đơn vị còn gửi báo cáo chậm, nội dung chưa phản ánh đầy đủ tình hình.",
            "Các đơn vị cần phân công cán bộ theo dõi, tổng hợp và gửi báo cáo trước ngày 20 hằng tháng.",
            "Những vấn đề nổi cộm phải báo cáo ngay để kịp thời định hướng, xử lý.",
        ],
        "training",
        63,
        "Tin: Ngọc Hân",
    ),
    (
        "thong-tin-tuyen-truyen",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Việc học tập và làm theo Bác được các cơ quan, đơn vị trong huyện triển khai bằng những việc làm cụ thể, thiết thực.",
        [
            "Nhiều chi bộ đưa nội dung học tập và làm theo Bác vào sinh hoạt định kỳ.",
            "Các mô hình “Dân vận khéo”, “Ngày thứ bảy tình nguyện” được duy trì hiệu quả.",
            "Việc nêu gương của cán bộ, đảng viên góp phần củng cố niềm tin của nhân dân.",
        ],
        "ceremony",
        69,
        "Thanh Tâm",
    ),
    (
        "dau-tranh-phan-bac",
        "Cảnh giác với tin giả về thiên tai, dịch bệnh",
        "Mỗi khi có thiên tai, dịch bệnh, tin giả lại xuất hiện gây hoang mang. Người dân nên theo dõi thông tin từ cơ quan chức năng.",
        [
            "Tin giả thường dùng hình ảnh cũ, số liệu phóng đại, giả mạo văn bản của cơ quan nhà nước.",
            "Việc chia sẻ tin giả có thể bị xử phạt theo quy định của pháp luật.",
            "Người dân hãy kiểm tra nguồn tin trên cổng thông tin của chính quyền và báo chí chính thống.",
        ],
        "digital",
        74,
        "Thu Hằng",
    ),
    (
        "tin-hoat-dong",
        "Giao ban Tổ giúp việc Ban Chỉ đạo 35 huyện quý III",
        "Tổ giúp việc Ban Chỉ đạo 35 huyện họp giao ban đánh giá kết quả quý III và thống nhất nhiệm vụ quý IV.",
        [
            "Trong quý, Tổ giúp việc đã tổng hợp 3 báo cáo chuyên đề, đề xuất xử lý 5 trường hợp đăng tải thông tin sai sự thật.",
            "Công tác phối hợp giữa các thành viên được duy trì thường xuyên.",
            "Quý IV, Tổ giúp việc tập trung tham mưu tổng kết năm và xây dựng kế hoạch năm mới.",
        ],
        "hall",
        80,
        "Tin, ảnh: Minh Đông",
    ),
    (
        "guong-dien-hinh",
        "Nữ cộng tác viên trẻ lan tỏa thông tin tích cực trên mạng",
        "Chị Nguyễn Thị Mỹ Tiên, giáo viên ở xã Long Khánh, dành thời gian mỗi tối để viết, chia sẻ những câu chuyện đẹp của quê hương.",
        [
            "Các bài viết của chị về học sinh nghèo vượt khó đã kết nối được nhiều nhà hảo tâm.",
            "Chị cũng thường xuyên nhắc nhở học sinh, phụ huynh cẩn trọng trước thông tin chưa kiểm chứng.",
            "Chị được Ban Chỉ đạo 35 huyện biểu dương là cộng tác viên tiêu biểu.",
        ],
        "training",
        86,
        "Tin, ảnh: Hoàng Nam",
    ),
    (
        "chi-dao-dieu-hanh",
        "Kế hoạch bồi dưỡng lực lượng chuyên trách năm mới",
        "Ban Chỉ đạo 35 huyện ban hành kế hoạch bồi dưỡng nghiệp vụ cho lực lượng chuyên trách đấu tranh trên không gian mạng.",
        [
            "Nội dung bồi dưỡng gồm kỹ năng phân tích thông tin, viết bài phản bác và bảo mật tài khoản.",
            "Mỗi quý tổ chức ít nhất một buổi sinh hoạt chuyên đề, chia sẻ kinh nghiệm.",
            "Kinh phí thực hiện từ nguồn ngân sách hoạt động của Ban Chỉ đạo.",
        ],
        "training",
        93,
        "Tin: Ngọc Hân",
    ),
    (
        "thong-tin-tuyen-truyen",
        "Tuyên truyền bầu cử đại biểu Hội đồng nhân dân các cấp",
        "Các xã, thị trấn đẩy mạnh tuyên truyền để cử tri hiểu rõ quyền, nghĩa vụ và tích cực tham gia bầu cử.",
        [
            "Xe loa lưu động, pano, áp phích được bố trí tại các điểm đông dân cư.",
            "Tổ bầu cử niêm yết danh sách cử tri, tiểu sử người ứng cử đúng quy định.",
            "Người dân cần cảnh giác với những luận điệu kêu gọi tẩy chay bầu cử trên mạng xã hội.",
        ],
        "ceremony",
        101,
        "Thanh Tâm",
    ),
    (
        "dau-tranh-phan-bac",
        "Không để “bình luận dạo” dẫn dắt dư luận",
        "Những bình luận mang tính kích động dưới các bài viết thường được dàn dựng để dẫn dắt dư luận theo hướng tiêu cực.",
        [
            "Nhiều tài khoản ảo được lập ra để bình luận hàng loạt với nội dung giống nhau.",
            "Người đọc cần phân biệt ý kiến xây dựng với những bình luận có dụng ý xấu.",
            "Cộng tác viên cần chủ động đưa thông tin chính thống, lập luận thuyết phục để định hướng.",
        ],
        "digital",
        110,
        "Thu Hằng",
    ),
    (
        "tin-hoat-dong",
        "Ra mắt nhóm cộng tác viên tại thị trấn Long Thành",
        "Nhóm cộng tác viên bảo vệ nền tảng tư tưởng của Đảng thị trấn Long Thành ra mắt với 25 thành viên.",
        [
            "Thành viên nhóm là cán bộ, đoàn viên, hội viên có kinh nghiệm sử dụng mạng xã hội.",
            "Nhóm hoạt động theo quy chế do Đảng ủy thị trấn ban hành.",
            "Ban Chỉ đạo 35 huyện đề nghị nhóm thường xuyên báo cáo kết quả hoạt động.",
        ],
        "hall",
        121,
        "Tin, ảnh: Minh Đông",
    ),
    (
        "guong-dien-hinh",
        "Chi bộ ấp Bào Sen làm tốt công tác nắm bắt dư luận",
        "Chi bộ ấp Bào Sen phân công đảng viên phụ trách từng nhóm hộ, kịp thời nắm bắt và giải quyết những băn khoăn của người dân.",
        [
            "Nhờ sâu sát cơ sở, nhiều vướng mắc về đất đai, chính sách được giải thích, giải quyết ngay từ ấp.",
            "Chi bộ duy trì sinh hoạt chuyên đề hằng quý về tình hình tư tưởng của đảng viên và nhân dân.",
            "Chi bộ nhiều năm liền hoàn thành xuất sắc nhiệm vụ.",
        ],
        "field",
        133,
        "Tin, ảnh: Hoàng Nam",
    ),
    (
        "thong-tin-tuyen-truyen",
        "Tìm hiểu pháp luật về an ninh mạng",
        "Luật An ninh mạng quy định các hành vi bị nghiêm cấm trên không gian mạng và trách nhiệm của tổ chức, cá nhân.",
        [
            "Các hành vi bị nghiêm cấm gồm đăng tải thông tin sai sự thật, xúc phạm danh dự người khác, kích động gây rối.",
            "Tổ chức, cá nhân có trách nhiệm phối hợp với cơ quan chức năng khi có yêu cầu.",
            "Việc hiểu và chấp hành pháp luật giúp mỗi người tự bảo vệ mình và cộng đồng.",
        ],
        "digital",
        146,
        "Thanh Tâm",
    ),
    (
        "chi-dao-dieu-hanh",
        "Chỉ đạo tăng cường nắm tình hình dịp cuối năm",
        "Ban Chỉ đạo 35 huyện đề nghị các đơn vị tăng cường nắm tình hình tư tưởng, dư luận xã hội dịp cuối năm và Tết Nguyên đán.",
        [
            "Các đơn vị chú ý các vấn đề về giá cả, an sinh xã hội, trật tự an toàn giao thông.",
            "Lực lượng cộng tác viên theo dõi sát thông tin trên mạng xã hội liên quan đến địa phương.",
            "Kết quả báo cáo về Thường trực Ban Chỉ đạo trước ngày 25 tháng 12.",
        ],
        "hall",
        160,
        "Tin: Ngọc Hân",
    ),
    (
        "dau-tranh-phan-bac",
        "Phản bác luận điệu xuyên tạc về tự do tôn giáo",
        "Quyền tự do tín ngưỡng, tôn giáo của người dân được Hiến pháp và pháp luật bảo đảm; các cơ sở tôn giáo trên địa bàn hoạt động bình thường.",
        [
            "Trên địa bàn huyện có nhiều cơ sở thờ tự của các tôn giáo, hoạt động đúng quy định.",
            "Các chức sắc, chức việc tích cực tham gia các phong trào thi đua của địa phương.",
            "Luận điệu cho rằng Việt Nam hạn chế tự do tôn giáo là hoàn toàn sai sự thật.",
        ],
        "ceremony",
        175,
        "Thu Hằng",
    ),
    (
        "tin-hoat-dong",
        "Tổng kết công tác năm của Ban Chỉ đạo 35 huyện",
        "Ban Chỉ đạo 35 huyện tổng kết công tác năm, biểu dương các tập thể, cá nhân có thành tích xuất sắc.",
        [
            "Năm qua, Ban Chỉ đạo hoàn thành các chỉ tiêu đề ra; công tác tuyên truyền trên không gian mạng có nhiều chuyển biến.",
            "12 tập thể, 20 cá nhân được khen thưởng vì thành tích xuất sắc.",
            "Hội nghị đề ra 5 nhóm nhiệm vụ trọng tâm cho năm mới.",
        ],
        "ceremony",
        190,
        "Tin, ảnh: Minh Đông",
    ),
    (
        "guong-dien-hinh",
        "Già làng, người có uy tín góp sức giữ vững ổn định ở cơ sở",
        "Người có uy tín trong đồng bào Khmer là cầu nối quan trọng giữa chính quyền và nhân dân.",
        [
            "Các vị thường xuyên tham gia hòa giải mâu thuẫn, vận động bà con chấp hành chính sách.",
            "Nhiều vị chủ động thông tin cho chính quyền khi phát hiện đối tượng tuyên truyền sai trái.",
            "Huyện đã tổ chức gặp mặt, tặng quà, ghi nhận những đóng góp này.",
        ],
        "field",
        210,
        "Tin, ảnh: Hoàng Nam",
    ),
    (
        "thong-tin-tuyen-truyen",
        "Tuyên truyền chính sách hỗ trợ chuyển đổi số cho người dân",
        "Các tổ công nghệ số cộng đồng hướng dẫn người dân cài đặt, sử dụng dịch vụ công trực tuyến và ứng dụng định danh điện tử.",
        [
            "Tổ công nghệ số đến từng hộ hướng dẫn, đặc biệt là người cao tuổi.",
            "Người dân được nhắc nhở cảnh giác với các cuộc gọi giả danh cơ quan chức năng.",
            "Đến nay, phần lớn hộ dân đã sử dụng ít nhất một dịch vụ công trực tuyến.",
        ],
        "digital",
        232,
        "Thanh Tâm",
    ),
    (
        "chi-dao-dieu-hanh",
        "Kiện toàn Ban Biên tập trang fanpage Ban Chỉ đạo 35 huyện",
        "Ban Chỉ đạo 35 huyện quyết định kiện toàn Ban Biên tập trang fanpage gồm 4 thành viên.",
        [
            "Ban Biên tập do đồng chí Phó Trưởng phòng Văn hóa, Khoa học và Thông tin huyện làm Trưởng ban.",
            "Ban Biên tập hoạt động theo quy chế, bảo đảm thông tin chính xác, kịp thời.",
            "Các thành viên được phân công phụ trách từng chuyên mục.",
        ],
        "hall",
        255,
        "Tin: Ngọc Hân",
    ),
    (
        "dau-tranh-phan-bac",
        "Vạch trần chiêu trò “xin chữ ký” trực tuyến",
        "Một số trang mạng kêu gọi người dân ký tên vào các “kiến nghị” trực tuyến có nội dung sai trái. Thực chất đây là chiêu trò thu thập thông tin và tạo cớ chống phá.",
        [
            "Các “kiến nghị” này thường được đặt tiêu đề hấp dẫn, đánh vào tâm lý bức xúc.",
            "Thông tin cá nhân của người ký có thể bị lợi dụng vào mục đích xấu.",
            "Người dân không nên tham gia, đồng thời báo cáo nội dung cho nền tảng mạng xã hội.",
        ],
        "digital",
        280,
        "Thu Hằng",
    ),
    (
        "tin-hoat-dong",
        "Ban Chỉ đạo 35 huyện làm việc với xã Đông Hải",
        "Đoàn công tác của Ban Chỉ đạo 35 huyện làm việc với Đảng ủy xã Đông Hải về công tác nắm bắt tình hình tư tưởng vùng ven biển.",
        [
            "Xã đã phát huy vai trò các tổ tự quản, tổ đoàn kết trên biển trong tuyên truyền.",
            "Đoàn đề nghị xã quan tâm tuyên truyền cho ngư dân về chủ quyền biển, đảo.",
            "Ban Chỉ đạo sẽ hỗ trợ tài liệu tuyên truyền cho các tổ tự quản.",
        ],
        "field",
        305,
        "Tin, ảnh: Minh Đông",
    ),
    (
        "guong-dien-hinh",
        "Đoàn viên thanh niên tình nguyện hướng dẫn người dân dùng mạng an toàn",
        "Đội thanh niên tình nguyện của Huyện đoàn tổ chức các buổi hướng dẫn người dân nhận diện lừa đảo trực tuyến.",
        [
            "Đội đã tổ chức 18 buổi hướng dẫn tại các ấp với hơn 900 người tham dự.",
            "Nhiều người dân đã nhận ra và từ chối các cuộc gọi lừa đảo nhờ kiến thức được trang bị.",
            "Huyện đoàn tiếp tục duy trì hoạt động trong các đợt tình nguyện hè.",
        ],
        "training",
        330,
        "Tin, ảnh: Hoàng Nam",
    ),
    (
        "thong-tin-tuyen-truyen",
        "Giới thiệu những điểm mới trong công tác xây dựng Đảng",
        "Báo cáo viên giới thiệu những điểm mới trong các văn bản của Trung ương về công tác xây dựng, chỉnh đốn Đảng.",
        [
            "Các văn bản nhấn mạnh trách nhiệm nêu gương, kiểm soát quyền lực và phòng chống tiêu cực.",
            "Cán bộ, đảng viên được quán triệt để thực hiện nghiêm túc.",
            "Việc tuyên truyền giúp nhân dân hiểu rõ quyết tâm chính trị của Đảng.",
        ],
        "hall",
        360,
        "Thanh Tâm",
    ),
    (
        "chi-dao-dieu-hanh",
        "Hướng dẫn quy trình xử lý thông tin xấu, độc trên địa bàn",
        "Ban Chỉ đạo 35 huyện ban hành hướng dẫn quy trình tiếp nhận, xác minh và xử lý thông tin xấu, độc liên quan đến địa phương.",
        [
            "Thông tin phát hiện được báo cáo ngay cho Tổ giúp việc kèm đường dẫn, hình ảnh lưu trữ.",
            "Tổ giúp việc phối hợp các cơ quan liên quan xác minh, đề xuất biện pháp xử lý.",
            "Kết quả xử lý được thông tin công khai khi cần thiết để định hướng dư luận.",
        ],
        "digital",
        400,
        "Tin: Ngọc Hân",
    ),
    (
        "dau-tranh-phan-bac",
        "Khẳng định vai trò lãnh đạo của Đảng là tất yếu khách quan",
        "Thực tiễn lịch sử và những thành tựu của công cuộc đổi mới đã khẳng định vai trò lãnh đạo của Đảng Cộng sản Việt Nam.",
        [
            "Dưới sự lãnh đạo của Đảng, đất nước giành độc lập, thống nhất và đạt nhiều thành tựu phát triển.",
            "Đời sống vật chất, tinh thần của nhân dân không ngừng được nâng lên.",
            "Mọi luận điệu phủ nhận vai trò lãnh đạo của Đảng đều đi ngược lợi ích của nhân dân.",
        ],
        "ceremony",
        450,
        "Thu Hằng",
    ),
    (
        "tin-hoat-dong",
        "Hội thi báo cáo viên, tuyên truyền viên giỏi cấp huyện",
        "Hội thi thu hút 24 thí sinh là báo cáo viên, tuyên truyền viên của các xã, thị trấn và cơ quan, đơn vị.",
        [
            "Thí sinh trình bày bài tuyên truyền về chủ đề bảo vệ nền tảng tư tưởng của Đảng.",
            "Ban giám khảo đánh giá cao sự đầu tư, sáng tạo trong cách thể hiện.",
            "Ban tổ chức trao 1 giải nhất, 2 giải nhì, 3 giải ba và các giải khuyến khích.",
        ],
        "ceremony",
        520,
        "Tin, ảnh: Minh Đông",
    ),
    (
        "guong-dien-hinh",
        "Cán bộ hưu trí gương mẫu viết bài phản bác quan điểm sai trái",
        "Ông Lê Văn Thành, cán bộ hưu trí ở thị trấn Long Thành, có nhiều bài viết sắc sảo đăng trên báo địa phương.",
        [
            "Các bài viết của ông dựa trên trải nghiệm thực tế, lập luận chặt chẽ, dễ hiểu.",
            "Ông thường xuyên trao đổi kinh nghiệm viết bài cho các cộng tác viên trẻ.",
            "Ông được Ban Chỉ đạo 35 tỉnh tặng giấy khen.",
        ],
        "training",
        600,
        "Tin, ảnh: Hoàng Nam",
    ),
    (
        "thong-tin-tuyen-truyen",
        "Tuyên truyền về chủ quyền biển, đảo cho ngư dân",
        "Các lực lượng phối hợp tổ chức tuyên truyền pháp luật về biển, đảo cho ngư dân tại các cảng cá trên địa bàn.",
        [
            "Ngư dân được phát tờ rơi, cờ Tổ quốc và tài liệu về chủ quyền biển, đảo.",
            "Các quy định về khai thác thủy sản bền vững được phổ biến cụ thể.",
            "Ngư dân cam kết chấp hành pháp luật khi ra khơi.",
        ],
        "field",
        700,
        "Thanh Tâm",
    ),
]

SCHEDULED = (
    "tin-hoat-dong",
    "Thông báo lịch tiếp công dân của Thường trực Ban Chỉ đạo (hẹn giờ đăng)",
    "Bài hẹn giờ: chỉ hiện với người đọc sau thời điểm xuất bản đã đặt.",
)
IN_REVIEW = (
    "chi-dao-dieu-hanh",
    "Dự thảo kế hoạch tuyên truyền quý tới (chờ duyệt)",
    "Bài đang chờ người duyệt xem xét; người đọc chưa thấy.",
)


def _paragraphs(paragraphs) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)


def _categories() -> dict:
    result = {}
    for order, (slug, name, description) in enumerate(CATEGORIES, start=1):
        category, _ = Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "order": order, "description": description}
        )
        result[slug] = category
    return result


def _seed(categories, stdout) -> Article:
    article = Article.objects.filter(slug=SEED_SLUG).first()
    if article is None:
        local = timezone.get_current_timezone()
        article = Article(
            title=SEED_TITLE,
            slug=SEED_SLUG,
            summary=SEED_SUMMARY,
            body=_paragraphs(SEED_PARAGRAPHS),
            category=categories["tin-hoat-dong"],
            photo=ContentFile(images.jpeg_bytes(images.conference_hall()), name="hoi-nghi.jpg"),
            photo_alt=SEED_ALT,
            photo_caption=SEED_CAPTION,
            credit=SEED_CREDIT,
            status=Status.PUBLISHED,
            publish_at=datetime.datetime(2021, 3, 12, 8, 30, tzinfo=local),
        )
        article.save()
        article.tags.add(*_tags(["Ban Chỉ đạo 35", "Hội nghị", "Quy chế"]))
        stdout.write(f"  tin bài mẫu: {article.title}")
    return article


def _tags(names):
    return [Tag.objects.get_or_create(name=name)[0] for name in names]


def _article(categories, spec, index: int, now) -> Article | None:
    category_slug, title, summary, paragraphs, scene, days_ago, credit = spec
    slug = slugify_vi(title)
    if Article.objects.filter(slug=slug).exists():
        return None
    local_now = timezone.localtime(now)
    publish_at = (local_now - datetime.timedelta(days=days_ago)).replace(
        hour=7 + index % 10, minute=(index * 7) % 60, second=0, microsecond=0
    )
    article = Article(
        title=title,
        slug=slug,
        summary=summary,
        body=_paragraphs(paragraphs),
        category=categories[category_slug],
        photo=ContentFile(images.scene(scene, seed=index), name=f"{slug[:40]}.jpg"),
        photo_alt=images.scene_alt(scene),
        photo_caption=images.scene_caption(scene),
        credit=credit,
        status=Status.PUBLISHED,
        publish_at=publish_at,
    )
    article.save()
    return article


def _gallery(article: Article) -> None:
    if article.gallery.exists():
        return
    shots = [
        ("hall", "Quang cảnh hội nghị", "Toàn cảnh hội trường với các đại biểu dự hội nghị"),
        ("training", "Các đại biểu thảo luận", "Đại biểu ngồi theo dõi phần trình bày trên màn chiếu"),
        ("ceremony", "Đại biểu chụp ảnh lưu niệm", "Các đại biểu đứng trước lễ đài có cờ đỏ sao vàng"),
    ]
    for order, (kind, caption, alt) in enumerate(shots):
        GalleryPhoto(
            article=article,
            image=ContentFile(images.scene(kind, seed=100 + order), name=f"bo-anh-{order}.jpg"),
            caption=caption,
            alt=alt,
            order=order,
        ).save()


def load(stdout) -> None:
    categories = _categories()
    now = timezone.now()
    created = []
    for index, spec in enumerate(ARTICLES):
        article = _article(categories, spec, index, now)
        if article is not None:
            created.append(article)
    # The two newest stories are pinned, the newest last so it leads; their pins end after
    # NEWS_PIN_DAYS like any other. The seed article (2021) is too old to lead the home page.
    for article in reversed(created[:2]):
        article.is_pinned = True
        article.save()
    seed = _seed(categories, stdout)
    _gallery(seed)
    for spec, status, delta in ((SCHEDULED, Status.PUBLISHED, 3), (IN_REVIEW, Status.REVIEW, None)):
        category_slug, title, summary = spec
        if Article.objects.filter(slug=slugify_vi(title)).exists():
            continue
        Article(
            title=title,
            summary=summary,
            body=_paragraphs([summary]),
            category=categories[category_slug],
            status=status,
            publish_at=now + datetime.timedelta(days=delta) if delta else None,
        ).save()
    stdout.write(f"Tin tức: {len(categories)} chuyên mục, {len(created)} tin bài mới.")
