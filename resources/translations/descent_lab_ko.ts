<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>ActionsMixin</name>
    <message>
        <source>Play</source>
        <translation>재생</translation>
    </message>
    <message>
        <source>Play or pause the race (Space)</source>
        <translation>경주 재생 또는 일시 정지 (Space)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>One step of every run (Right arrow)</source>
        <translation>모든 주자를 한 스텝 진행 (오른쪽 화살표)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>처음으로</translation>
    </message>
    <message>
        <source>Every run back to the start, optimiser state cleared (R)</source>
        <translation>모든 주자를 출발점으로 되돌리고 옵티마이저 상태도 지움 (R)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>실행 취소</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <source>Remove every point (undo brings them back)</source>
        <translation>모든 점 삭제 (실행 취소로 복구 가능)</translation>
    </message>
    <message>
        <source>Standardize</source>
        <translation>표준화</translation>
    </message>
    <message>
        <source>Rescale every feature to mean 0 and standard deviation 1 (undo brings the raw values back): one learning rate then suits every parameter</source>
        <translation>모든 특성을 평균 0, 표준편차 1로 변환 (실행 취소로 원래 값 복구 가능): 학습률 하나가 모든 파라미터에 맞게 됨</translation>
    </message>
    <message>
        <source>Restart on edit</source>
        <translation>편집 시 재시작</translation>
    </message>
    <message>
        <source>Start the race again after every data edit, instead of racing on over the new landscape</source>
        <translation>데이터를 편집할 때마다 경주를 다시 시작 (끄면 바뀐 지형 위에서 경주를 이어 감)</translation>
    </message>
    <message>
        <source>Each run&apos;s own seeded generator (a fair race)</source>
        <translation>주자마다 시드를 준 자기 생성기 (공정한 경주)</translation>
    </message>
    <message>
        <source>As DataLoader(..., shuffle=True, generator=torch.Generator().manual_seed(seed)): runs with the same batch size see the same batches</source>
        <translation>DataLoader(..., shuffle=True, generator=torch.Generator().manual_seed(seed))처럼: 배치 크기가 같은 주자는 같은 배치를 봅니다</translation>
    </message>
    <message>
        <source>torch.manual_seed(seed), as the course&apos;s scripts</source>
        <translation>torch.manual_seed(seed), 강의 코드처럼</translation>
    </message>
    <message>
        <source>As a DataLoader without a generator after torch.manual_seed(seed) and nn.Linear: the tutorials&apos; own batches</source>
        <translation>torch.manual_seed(seed)와 nn.Linear 다음, 생성기 없는 DataLoader처럼: 튜토리얼과 똑같은 배치</translation>
    </message>
    <message>
        <source>New session</source>
        <translation>새 세션</translation>
    </message>
    <message>
        <source>Start afresh on line-30 (undo brings the current session back)</source>
        <translation>line-30으로 새로 시작 (실행 취소로 현재 세션 복구 가능)</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>열기…</translation>
    </message>
    <message>
        <source>Open a session (.dlab.json) or a data set (.csv)</source>
        <translation>세션(.dlab.json) 또는 데이터셋(.csv) 열기</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <source>Save the session: data, model, runs and settings</source>
        <translation>세션 저장: 데이터, 모델, 주자, 설정</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>다른 이름으로 저장…</translation>
    </message>
    <message>
        <source>Save the session under another name</source>
        <translation>세션을 다른 이름으로 저장</translation>
    </message>
    <message>
        <source>Export data as CSV…</source>
        <translation>데이터를 CSV로 내보내기…</translation>
    </message>
    <message>
        <source>Save the current data points to a CSV file</source>
        <translation>현재 데이터 점을 CSV 파일로 저장</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <source>Reset layout</source>
        <translation>레이아웃 초기화</translation>
    </message>
    <message>
        <source>New points get class {c} (key {key})</source>
        <translation>새 점의 클래스: {c} (키 {key})</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>기본</translation>
    </message>
    <message>
        <source>Data:</source>
        <translation>데이터:</translation>
    </message>
    <message>
        <source>A data set of the course</source>
        <translation>강의에서 쓰는 데이터셋</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>모델:</translation>
    </message>
    <message>
        <source>Linear (MSE), logistic (binary cross-entropy) or softmax (cross-entropy) regression</source>
        <translation>선형 회귀 (MSE), 로지스틱 회귀 (이진 교차 엔트로피) 또는 소프트맥스 회귀 (교차 엔트로피)</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>편향</translation>
    </message>
    <message>
        <source>Give the model a bias b (untick: the line goes through the origin)</source>
        <translation>모델에 편향 b를 둠 (해제하면 직선이 원점을 지남)</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>속도:</translation>
    </message>
    <message>
        <source>Steps per second, 1 to 10 000 (log scale)</source>
        <translation>초당 스텝 수, 1~10 000 (로그 스케일)</translation>
    </message>
    <message>
        <source> steps/s</source>
        <translation> 스텝/초</translation>
    </message>
    <message>
        <source>Test set:</source>
        <translation>테스트 데이터:</translation>
    </message>
    <message>
        <source>Hold out this share of the points as a test set, drawn hollow (Shift+click adds a test point): the runs never train on it, and the loss curves draw its cost dashed</source>
        <translation>이 비율의 점을 테스트 데이터로 떼어 둡니다. 속이 빈 점으로 그려지고 (Shift+클릭으로 테스트 점 추가), 주자들은 이 점으로 학습하지 않으며, 손실 곡선은 그 비용을 점선으로 그립니다</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>시드:</translation>
    </message>
    <message>
        <source>Seed for shuffling the mini-batches and generated data</source>
        <translation>미니 배치 셔플과 데이터 생성에 쓰는 시드</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>편집</translation>
    </message>
    <message>
        <source>New points:</source>
        <translation>새 점:</translation>
    </message>
    <message>
        <source>Costs of every run as CSV…</source>
        <translation>모든 주자의 비용을 CSV로…</translation>
    </message>
    <message>
        <source>Paths of every run as CSV…</source>
        <translation>모든 주자의 경로를 CSV로…</translation>
    </message>
    <message>
        <source>As a PyTorch script…</source>
        <translation>PyTorch 스크립트로…</translation>
    </message>
    <message>
        <source>The race as an animated GIF…</source>
        <translation>경주를 움직이는 GIF로…</translation>
    </message>
    <message>
        <source>The data plot as PNG or SVG…</source>
        <translation>데이터 그래프를 PNG 또는 SVG로…</translation>
    </message>
    <message>
        <source>The loss surface as PNG or SVG…</source>
        <translation>손실 지형을 PNG 또는 SVG로…</translation>
    </message>
    <message>
        <source>The probabilities as PNG or SVG…</source>
        <translation>확률 그래프를 PNG 또는 SVG로…</translation>
    </message>
    <message>
        <source>The loss curves as PNG or SVG…</source>
        <translation>손실 곡선을 PNG 또는 SVG로…</translation>
    </message>
    <message>
        <source>The whole window as PNG…</source>
        <translation>창 전체를 PNG로…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>최근 파일(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>내보내기(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation>데이터(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Functions</source>
        <translation>함수(&amp;F)</translation>
    </message>
    <message>
        <source>Feature &amp;expansion</source>
        <translation>특성 확장(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Race</source>
        <translation>경주(&amp;R)</translation>
    </message>
    <message>
        <source>Learning-rate sweep…</source>
        <translation>학습률 훑어보기…</translation>
    </message>
    <message>
        <source>Race the selected run&apos;s optimiser at many learning rates at once (or momentum over learning rate and β)</source>
        <translation>고른 주자의 옵티마이저를 여러 학습률로 한꺼번에 경주시킵니다 (또는 모멘텀을 학습률과 β에 걸쳐)</translation>
    </message>
    <message>
        <source>Compare L2 with AdamW&apos;s weight decay</source>
        <translation>L2와 AdamW의 가중치 감쇠 비교</translation>
    </message>
    <message>
        <source>Race Adam, Adam with an L2 term in its gradient and AdamW&apos;s decoupled weight decay (0.1) from the start</source>
        <translation>Adam, 기울기에 L2 항을 더한 Adam, AdamW의 분리된 가중치 감쇠(0.1)를 출발점에서 함께 경주시킵니다</translation>
    </message>
    <message>
        <source>Clip gradients…</source>
        <translation>기울기 자르기…</translation>
    </message>
    <message>
        <source>Clip every run&apos;s gradient to a largest norm, as torch.nn.utils.clip_grad_norm_</source>
        <translation>모든 주자의 기울기를 최대 크기(노름)로 자릅니다 (torch.nn.utils.clip_grad_norm_과 같음)</translation>
    </message>
    <message>
        <source>Shuffled mini-batches</source>
        <translation>미니 배치 셔플</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>Data as &amp;images</source>
        <translation>데이터를 이미지로(&amp;I)</translation>
    </message>
    <message>
        <source>Draw each sample as a picture of its features (square data such as digits), with the runs&apos; weights as pictures</source>
        <translation>각 샘플을 특성으로 만든 그림으로 그립니다 (digits처럼 정사각형인 데이터). 주자의 가중치도 그림으로 보여 줍니다</translation>
    </message>
    <message>
        <source>&amp;Layout</source>
        <translation>레이아웃(&amp;L)</translation>
    </message>
    <message>
        <source>Automatic (follows the window&apos;s size)</source>
        <translation>자동 (창 크기에 맞춤)</translation>
    </message>
    <message>
        <source>Compact (a projector, a small screen)</source>
        <translation>좁게 (프로젝터, 작은 화면)</translation>
    </message>
    <message>
        <source>Full (a large screen)</source>
        <translation>넓게 (큰 화면)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>About Descent Lab</source>
        <translation>Descent Lab 정보</translation>
    </message>
</context>
<context>
    <name>Animation</name>
    <message>
        <source>There is no race to film yet.</source>
        <translation>아직 영상으로 만들 경주가 없습니다.</translation>
    </message>
    <message>
        <source>Every run is hidden: show at least one to film the race.</source>
        <translation>모든 주자가 숨겨져 있습니다: 경주를 영상으로 만들려면 적어도 하나를 보이게 하세요.</translation>
    </message>
    <message>
        <source>The loss surface is still being computed: try again in a moment.</source>
        <translation>손실 지형을 아직 계산하는 중입니다: 잠시 후에 다시 해 보세요.</translation>
    </message>
    <message>
        <source>The race has not started: play it first, then export the film.</source>
        <translation>경주가 아직 시작되지 않았습니다: 먼저 재생한 다음 영상을 내보내세요.</translation>
    </message>
    <message>
        <source>step {step} of {total}</source>
        <translation>스텝 {step} / {total}</translation>
    </message>
    <message>
        <source>An animation is between {low} and {high} pixels; {size} is not.</source>
        <translation>애니메이션 크기는 {low}에서 {high} 픽셀 사이여야 합니다. {size}은(는) 그 범위를 벗어납니다.</translation>
    </message>
    <message>
        <source>An animation is at least as wide as 5:4 (the surface and the costs sit side by side); {size} is too narrow.</source>
        <translation>애니메이션은 가로:세로가 적어도 5:4여야 합니다 (손실 지형과 비용을 나란히 놓기 때문). {size}은(는) 너무 좁습니다.</translation>
    </message>
    <message>
        <source>An animation lasts from 1 to {most} seconds.</source>
        <translation>애니메이션 길이는 1초에서 {most}초 사이입니다.</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>발산</translation>
    </message>
    <message>
        <source>a slice of the cost along two directions: the paths are their shadows on it</source>
        <translation>두 방향으로 자른 비용의 단면: 경로는 그 위에 비친 그림자입니다</translation>
    </message>
    <message>
        <source>+ {n} more runs</source>
        <translation>+ 주자 {n}명 더</translation>
    </message>
    <message>
        <source>cost (log scale)</source>
        <translation>비용 (로그 스케일)</translation>
    </message>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Could not export the animation</source>
        <translation>애니메이션을 내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>An animation is being written already: wait for it, or cancel it first.</source>
        <translation>이미 애니메이션을 쓰는 중입니다: 끝날 때까지 기다리거나 먼저 취소하세요.</translation>
    </message>
    <message>
        <source>Exported an animation of {frames} frames to {file}</source>
        <translation>{frames}프레임짜리 애니메이션을 {file}(으)로 내보냄</translation>
    </message>
    <message>
        <source>The animation was cancelled: nothing was written.</source>
        <translation>애니메이션을 취소했습니다: 아무 파일도 쓰지 않았습니다.</translation>
    </message>
</context>
<context>
    <name>AnimationExport</name>
    <message>
        <source>Export the race as an animated GIF</source>
        <translation>경주를 움직이는 GIF로 내보내기</translation>
    </message>
    <message>
        <source>GIF animations (*.gif)</source>
        <translation>GIF 애니메이션 (*.gif)</translation>
    </message>
    <message>
        <source>{file} already exists. Replace it?</source>
        <translation>{file}이(가) 이미 있습니다. 바꿀까요?</translation>
    </message>
    <message>
        <source>The race as an animated GIF</source>
        <translation>움직이는 GIF로 만든 경주</translation>
    </message>
    <message>
        <source>The film shows the race so far ({steps} steps, {runs} runs shown) on the loss surface as it is now, with each run&apos;s cost.</source>
        <translation>지금까지의 경주(스텝 {steps}개, 보이는 주자 {runs}명)를 현재 손실 지형 위에 각 주자의 비용과 함께 보여 줍니다.</translation>
    </message>
    <message>
        <source>Size (pixels):</source>
        <translation>크기 (픽셀):</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 초</translation>
    </message>
    <message>
        <source>Length:</source>
        <translation>길이:</translation>
    </message>
    <message>
        <source>Choose a file…</source>
        <translation>파일 선택…</translation>
    </message>
    <message>
        <source>Writing the animation…</source>
        <translation>애니메이션을 쓰는 중…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>CaptionsMixin</name>
    <message>
        <source>features: {names} ({n}; z standardised)</source>
        <translation>특성: {names} ({n}개, z는 표준화한 입력)</translation>
    </message>
    <message>
        <source>The model is fitted on these {n} features, made from the standardised inputs (Data ▸ Feature expansion)</source>
        <translation>모델은 표준화한 입력으로 만든 이 {n}개의 특성으로 학습합니다 (데이터 ▸ 특성 확장)</translation>
    </message>
    <message>
        <source>x axis:</source>
        <translation>x축:</translation>
    </message>
    <message>
        <source>feature:</source>
        <translation>특성:</translation>
    </message>
    <message>
        <source>classes:</source>
        <translation>클래스:</translation>
    </message>
</context>
<context>
    <name>ControlsMixin</name>
    <message>
        <source>Undo {what} (Ctrl+Z)</source>
        <translation>{what} 실행 취소 (Ctrl+Z)</translation>
    </message>
    <message>
        <source>Redo {what} (Ctrl+Shift+Z)</source>
        <translation>{what} 다시 실행 (Ctrl+Shift+Z)</translation>
    </message>
    <message>
        <source>step {n}</source>
        <translation>스텝 {n}</translation>
    </message>
    <message>
        <source>converged</source>
        <translation>수렴</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>발산</translation>
    </message>
    <message>
        <source>at the limit</source>
        <translation>한도 도달</translation>
    </message>
    <message>
        <source>{run}: (x, y) = ({x:.4g}, {y:.4g})</source>
        <translation>{run}: (x, y) = ({x:.4g}, {y:.4g})</translation>
    </message>
    <message>
        <source>{run}: {status}, epoch {e:.1f}</source>
        <translation>{run}: {status}, 에폭 {e:.1f}</translation>
    </message>
    <message>
        <source>{run}: epoch {e:.1f}</source>
        <translation>{run}: 에폭 {e:.1f}</translation>
    </message>
    <message>
        <source>{fps:.0f} frames/s</source>
        <translation>{fps:.0f} 프레임/초</translation>
    </message>
    <message>
        <source>Every run has stopped (converged, diverged or at the limit): press Play or R to race again.</source>
        <translation>모든 주자가 멈췄습니다 (수렴, 발산 또는 한도 도달): 다시 경주하려면 재생 또는 R을 누르세요.</translation>
    </message>
    <message>
        <source>computing…</source>
        <translation>계산 중…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>재생</translation>
    </message>
    <message>
        <source>Linear regression (MSE)</source>
        <translation>선형 회귀 (MSE)</translation>
    </message>
    <message>
        <source>Logistic regression</source>
        <translation>로지스틱 회귀</translation>
    </message>
    <message>
        <source>Softmax regression</source>
        <translation>소프트맥스 회귀</translation>
    </message>
    <message>
        <source>Logistic regression, MSE cost</source>
        <translation>로지스틱 회귀, MSE 비용</translation>
    </message>
    <message>
        <source>f(x, y) itself</source>
        <translation>f(x, y) 그 자체</translation>
    </message>
    <message>
        <source>new class</source>
        <translation>새 클래스</translation>
    </message>
</context>
<context>
    <name>CurvesView</name>
    <message>
        <source>Log scale</source>
        <translation>로그 스케일</translation>
    </message>
    <message>
        <source>Costs fall over orders of magnitude: a log scale shows the late progress</source>
        <translation>비용은 여러 자릿수에 걸쳐 줄어듦: 로그 스케일에서는 후반의 진행도 보임</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>에폭</translation>
    </message>
    <message>
        <source>One step is one update; one epoch is one pass over the training data</source>
        <translation>스텝 한 번은 갱신 한 번, 에폭 한 번은 훈련 데이터 전체를 한 번 도는 것</translation>
    </message>
    <message>
        <source>x axis:</source>
        <translation>x축:</translation>
    </message>
    <message>
        <source>cost</source>
        <translation>비용</translation>
    </message>
    <message>
        <source>‖θ‖</source>
        <translation>‖θ‖</translation>
    </message>
    <message>
        <source>angle to max margin</source>
        <translation>최대 마진 방향과의 각도</translation>
    </message>
    <message>
        <source>The training cost; the size of the parameters ‖θ‖; or the angle between θ and the max-margin direction. On separable data the cost has no minimum: ‖θ‖ grows like log(step) for ever while the angle falls to 0 (x on a log scale)</source>
        <translation>훈련 비용; 파라미터의 크기 ‖θ‖; 또는 θ와 최대 마진 방향 사이의 각도. 분리 가능한 데이터에서는 비용의 최솟값이 없습니다: ‖θ‖는 log(스텝)처럼 끝없이 커지고 각도는 0으로 줄어듭니다 (x는 로그 눈금)</translation>
    </message>
    <message>
        <source>y:</source>
        <translation>y:</translation>
    </message>
    <message>
        <source>training cost</source>
        <translation>훈련 비용</translation>
    </message>
    <message>
        <source>step</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>The lowest test cost: early stopping would stop here</source>
        <translation>가장 낮은 테스트 비용: 조기 종료라면 여기서 멈춥니다</translation>
    </message>
    <message>
        <source>angle (°)</source>
        <translation>각도 (°)</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>에폭</translation>
    </message>
    <message>
        <source>{run}: the most its cost can be after k steps, L* + (L₀ − L*)·ρ²ᵏ with ρ = max|1 − γλ| = {rho} (λ: the Hessian&apos;s eigenvalues)</source>
        <translation>{run}: k 스텝 뒤 비용의 최댓값 L* + (L₀ − L*)·ρ²ᵏ, ρ = max|1 − γλ| = {rho} (λ: 헤세 행렬의 고윳값)</translation>
    </message>
    <message>
        <source>no finite optimum: the cost falls towards {loss}</source>
        <translation>유한한 최적점 없음: 비용이 {loss} 쪽으로 계속 줄어듦</translation>
    </message>
    <message>
        <source>optimum: {loss}</source>
        <translation>최적점: {loss}</translation>
    </message>
    <message>
        <source>{run} (diverged at step {step})</source>
        <translation>{run} (스텝 {step}에서 발산)</translation>
    </message>
    <message>
        <source>{run} (converged at step {step})</source>
        <translation>{run} (스텝 {step}에서 수렴)</translation>
    </message>
    <message>
        <source>No max-margin direction: the classes are not separated by a line (logistic regression only)</source>
        <translation>최대 마진 방향이 없습니다: 클래스가 직선으로 나뉘지 않습니다 (로지스틱 회귀만)</translation>
    </message>
    <message>
        <source>GD&apos;s predicted bound (L₀ − L*)·ρ²ᵏ</source>
        <translation>GD의 예측 한계 (L₀ − L*)·ρ²ᵏ</translation>
    </message>
    <message>
        <source>test set</source>
        <translation>테스트 데이터</translation>
    </message>
    <message>
        <source>lowest test cost</source>
        <translation>가장 낮은 테스트 비용</translation>
    </message>
</context>
<context>
    <name>Data</name>
    <message>
        <source>The data set is empty: click on the plot to add points.</source>
        <translation>데이터셋이 비어 있습니다: 그래프를 클릭해 점을 추가하세요.</translation>
    </message>
    <message>
        <source>{column} has a value that is not a number (NaN) in row {row}: change or delete that point.</source>
        <translation>{column}의 {row}번째 행에 숫자가 아닌 값(NaN)이 있습니다: 그 점을 고치거나 지우세요.</translation>
    </message>
    <message>
        <source>{column} has an infinite value in row {row}: change or delete that point.</source>
        <translation>{column}의 {row}번째 행에 무한대 값이 있습니다: 그 점을 고치거나 지우세요.</translation>
    </message>
    <message>
        <source>Only one class is left: add a point of another class to train a classifier.</source>
        <translation>클래스가 하나만 남았습니다: 분류기를 학습하려면 다른 클래스의 점을 추가하세요.</translation>
    </message>
    <message>
        <source>A point of this data set has {features} features, not {given}.</source>
        <translation>이 데이터 세트의 점은 특성이 {features}개입니다 ({given}개가 아님).</translation>
    </message>
    <message>
        <source>Class label {label} is not a class number 0, 1, 2, …</source>
        <translation>클래스 레이블 {label}은(는) 클래스 번호 0, 1, 2, … 가 아닙니다</translation>
    </message>
    <message>
        <source>Class label {label} is too large: this data set takes classes 0 to {top}.</source>
        <translation>클래스 레이블 {label}이(가) 너무 큽니다: 이 데이터 세트의 클래스는 0부터 {top}까지입니다.</translation>
    </message>
    <message>
        <source>Point {index} does not exist: the data set has {n} points.</source>
        <translation>{index}번 점은 없습니다: 데이터 세트의 점은 {n}개입니다.</translation>
    </message>
    <message>
        <source>{file} is empty: there is no data in it.</source>
        <translation>{file}이(가) 비어 있습니다: 데이터가 없습니다.</translation>
    </message>
    <message>
        <source>{file} has only one column: it needs at least one feature column and a target column.</source>
        <translation>{file}에 열이 하나뿐입니다: 특성 열이 하나 이상, 그리고 타깃 열이 하나 있어야 합니다.</translation>
    </message>
    <message>
        <source>{file}, row {row}: {values} values, but the header has {width}.</source>
        <translation>{file}, {row}번째 행: 값이 {values}개이지만 헤더 행에는 {width}개입니다.</translation>
    </message>
    <message>
        <source>{file}, row {row}: {values} values, but row {first} has {width}.</source>
        <translation>{file}, {row}번째 행: 값이 {values}개이지만 {first}번째 행에는 {width}개입니다.</translation>
    </message>
    <message>
        <source>{file} has more than {rows} rows: that is too many for this app.</source>
        <translation>{file}의 행이 {rows}개보다 많습니다: 이 앱에서 다루기에는 너무 많습니다.</translation>
    </message>
    <message>
        <source>{file} has 1 data row: it needs at least 2.</source>
        <translation>{file}에 데이터 행이 1개뿐입니다: 2개 이상 있어야 합니다.</translation>
    </message>
    <message>
        <source>{file} has {rows} data rows: it needs at least 2.</source>
        <translation>{file}에 데이터 행이 {rows}개입니다: 2개 이상 있어야 합니다.</translation>
    </message>
    <message>
        <source>column {number}</source>
        <translation>{number}번째 열</translation>
    </message>
    <message>
        <source>column {number} ({name})</source>
        <translation>{number}번째 열 ({name})</translation>
    </message>
    <message>
        <source>Cannot save {file}: {column} in row {row} is not a finite number.</source>
        <translation>{file}을(를) 저장할 수 없습니다: {row}번째 행의 {column} 값이 유한한 수가 아닙니다.</translation>
    </message>
    <message>
        <source>{file} has {width} columns: there is no target column number {number}.</source>
        <translation>{file}에는 열이 {width}개 있습니다: 타깃 열 번호 {number}에 해당하는 열이 없습니다.</translation>
    </message>
    <message>
        <source>{file} has no header row, so there is no column named {name}: choose the target column by number.</source>
        <translation>{file}에는 헤더 행이 없어서 이름이 {name}인 열도 없습니다: 타깃 열을 번호로 고르세요.</translation>
    </message>
    <message>
        <source>{file} has no column named {name}: its columns are {columns}.</source>
        <translation>{file}에는 이름이 {name}인 열이 없습니다: 열 이름은 {columns}입니다.</translation>
    </message>
    <message>
        <source>{file} has {count} columns named {name}: choose the target by number.</source>
        <translation>{file}에 이름이 {name}인 열이 {count}개 있습니다: 타깃을 번호로 고르세요.</translation>
    </message>
    <message>
        <source>{file}, row {row}, {column} is empty: every cell needs a number.</source>
        <translation>{file}, {row}번째 행, {column}의 칸이 비어 있습니다: 모든 칸에 숫자가 있어야 합니다.</translation>
    </message>
    <message>
        <source>{file}, row {row}, {column}: {cell} is not a number (use a dot for decimals).</source>
        <translation>{file}, {row}번째 행, {column}: {cell}은(는) 숫자가 아닙니다 (소수점은 점(.)으로 쓰세요).</translation>
    </message>
    <message>
        <source>{file}, row {row}, {column}: {cell} is not a number (only the target column may hold names).</source>
        <translation>{file}, {row}번째 행, {column}: {cell}은(는) 숫자가 아닙니다 (이름은 타깃 열에만 쓸 수 있습니다).</translation>
    </message>
    <message>
        <source>{file}, row {row}, {column}: {cell} is not a number.</source>
        <translation>{file}, {row}번째 행, {column}: {cell}은(는) 숫자가 아닙니다.</translation>
    </message>
    <message>
        <source>{file}, row {row}, {column}: {cell} is not a finite number.</source>
        <translation>{file}, {row}번째 행, {column}: {cell}은(는) 유한한 수가 아닙니다.</translation>
    </message>
    <message>
        <source>{file}, row {row}, {column} is empty: every point needs a target.</source>
        <translation>{file}, {row}번째 행, {column}의 칸이 비어 있습니다: 모든 점에 타깃이 있어야 합니다.</translation>
    </message>
    <message>
        <source>{file}, row {row}, {column}: {cell} stands among numbers. Fix that cell, or say what the column holds (command line: --task regression, binary or multiclass).</source>
        <translation>{file}, {row}번째 행, {column}: 숫자들 사이에 {cell}이(가) 있습니다. 그 칸을 고치거나, 그 열에 무엇이 들어 있는지 알려 주세요 (명령줄: --task regression, binary 또는 multiclass).</translation>
    </message>
    <message>
        <source>{file}, row {row}, {column}: {cell} is not a number, and a regression target must be numbers.</source>
        <translation>{file}, {row}번째 행, {column}: {cell}은(는) 숫자가 아닙니다. 회귀의 타깃은 숫자여야 합니다.</translation>
    </message>
    <message>
        <source>{file}, row {row}, {column}: {cell} is not a class label (use whole numbers or names for classes).</source>
        <translation>{file}, {row}번째 행, {column}: {cell}은(는) 클래스 레이블이 아닙니다 (클래스는 정수나 이름으로 쓰세요).</translation>
    </message>
    <message>
        <source>{file}, {column}: every row has the class {label}; a classifier needs at least two classes (to fit these numbers instead, choose the regression task).</source>
        <translation>{file}, {column}: 모든 행의 클래스가 {label}입니다. 분류기에는 클래스가 두 개 이상 필요합니다 (이 숫자들에 맞추려면 대신 회귀를 고르세요).</translation>
    </message>
    <message>
        <source>{file}, {column}: every row has the class {label}; a classifier needs at least two classes.</source>
        <translation>{file}, {column}: 모든 행의 클래스가 {label}입니다. 분류기에는 클래스가 두 개 이상 필요합니다.</translation>
    </message>
    <message>
        <source>{file}, {column}: {count} different classes; this app handles at most {most}.</source>
        <translation>{file}, {column}: 서로 다른 클래스가 {count}개입니다. 이 앱은 클래스를 최대 {most}개까지 다룹니다.</translation>
    </message>
    <message>
        <source>{file}, {column}: {count} different classes, but a binary task has exactly 2.</source>
        <translation>{file}, {column}: 서로 다른 클래스가 {count}개이지만, 이진 분류에는 클래스가 정확히 2개 있어야 합니다.</translation>
    </message>
    <message>
        <source>Cannot read {file}: the file does not exist.</source>
        <translation>{file}을(를) 읽을 수 없습니다: 파일이 없습니다.</translation>
    </message>
    <message>
        <source>Cannot read {file}: {reason}.</source>
        <translation>{file}을(를) 읽을 수 없습니다: {reason}.</translation>
    </message>
    <message>
        <source>Cannot read {file}: it is a folder, not a file.</source>
        <translation>{file}을(를) 읽을 수 없습니다: 파일이 아니라 폴더입니다.</translation>
    </message>
    <message>
        <source>Cannot read {file}: it is not a regular file (a pipe or a device). Save the data as a CSV file and open that.</source>
        <translation>{file}을(를) 읽을 수 없습니다: 일반 파일이 아닙니다 (파이프 또는 장치). 데이터를 CSV 파일로 저장한 다음 그 파일을 여세요.</translation>
    </message>
    <message>
        <source>{file} is larger than {size} MB: that is too big for this app.</source>
        <translation>{file}이(가) {size} MB보다 큽니다: 이 앱에서 다루기에는 너무 큽니다.</translation>
    </message>
    <message>
        <source>Cannot read {file}: it is not a text file. (A spreadsheet? Save it as CSV.)</source>
        <translation>{file}을(를) 읽을 수 없습니다: 텍스트 파일이 아닙니다. (스프레드시트인가요? CSV로 저장하세요.)</translation>
    </message>
    <message>
        <source>{file}, row {row} is longer than {characters} characters: is it really a CSV file?</source>
        <translation>{file}, {row}번째 행이 {characters}자보다 깁니다: 정말 CSV 파일인가요?</translation>
    </message>
    <message>
        <source>{file}, row {row}: a cell is longer than {characters} characters (is a quote mark &quot; left open?).</source>
        <translation>{file}, {row}번째 행: {characters}자보다 긴 칸이 있습니다 (닫히지 않은 따옴표 &quot;가 있나요?).</translation>
    </message>
    <message>
        <source>Cannot read {file}, row {row}: {reason} (is a quote mark &quot; left open?).</source>
        <translation>{file}의 {row}번째 행을 읽을 수 없습니다: {reason} (닫히지 않은 따옴표 &quot;가 있나요?).</translation>
    </message>
</context>
<context>
    <name>DataView</name>
    <message>
        <source>x axis:</source>
        <translation>x축:</translation>
    </message>
    <message>
        <source>y axis:</source>
        <translation>y축:</translation>
    </message>
    <message>
        <source>The feature along the horizontal axis</source>
        <translation>가로축에 놓을 특성</translation>
    </message>
    <message>
        <source>The feature along the vertical axis; the others are held at their mean</source>
        <translation>세로축에 놓을 특성 (나머지 특성은 평균값으로 고정)</translation>
    </message>
    <message>
        <source>lines: other features at their mean · ○ prediction for each point</source>
        <translation>선: 나머지 특성은 평균값 · ○ 각 점의 예측값</translation>
    </message>
    <message>
        <source>A click adds a point of the underlined class (keys 1 to 9 switch)</source>
        <translation>클릭하면 밑줄 친 클래스의 점 추가 (1~9 키로 클래스 전환)</translation>
    </message>
    <message>
        <source>Click: add a point or select one · drag: move · right click or Delete: remove</source>
        <translation>클릭: 점 추가 또는 선택 · 드래그: 이동 · 오른쪽 클릭 또는 Delete: 삭제</translation>
    </message>
    <message>
        <source>The {n} samples of the inspected step&apos;s mini-batch</source>
        <translation>살펴보는 스텝의 미니 배치 샘플 {n}개</translation>
    </message>
    <message>
        <source>class · P(class {c})</source>
        <translation>클래스 · P(클래스 {c})</translation>
    </message>
    <message>
        <source>class</source>
        <translation>클래스</translation>
    </message>
</context>
<context>
    <name>Exports</name>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 이미지 (*.png);;SVG 그림 (*.svg)</translation>
    </message>
    <message>
        <source>Export the plot</source>
        <translation>그래프 내보내기</translation>
    </message>
    <message>
        <source>Export the window</source>
        <translation>창 내보내기</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>Export the costs of every run</source>
        <translation>모든 주자의 비용 내보내기</translation>
    </message>
    <message>
        <source>Export the paths of every run</source>
        <translation>모든 주자의 경로 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Export as PyTorch script</source>
        <translation>PyTorch 스크립트로 내보내기</translation>
    </message>
    <message>
        <source>Python scripts (*.py)</source>
        <translation>Python 스크립트 (*.py)</translation>
    </message>
    <message>
        <source>Cannot write {file}. {reason}Choose another folder or name.</source>
        <translation>{file}을(를) 쓸 수 없습니다. {reason}다른 폴더나 이름을 고르세요.</translation>
    </message>
    <message>
        <source>Could not export</source>
        <translation>내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>Exported {file}</source>
        <translation>{file} 내보냄</translation>
    </message>
</context>
<context>
    <name>Expression</name>
    <message>
        <source>Type a formula in x and y, for example (1 - x)**2 + 100*(y - x**2)**2.</source>
        <translation>x와 y로 된 식을 입력하세요. 예: (1 - x)**2 + 100*(y - x**2)**2</translation>
    </message>
    <message>
        <source>The formula is {n} characters long: at most {limit} are allowed.</source>
        <translation>식이 {n}자입니다: {limit}자까지만 쓸 수 있습니다.</translation>
    </message>
    <message>
        <source> near character {column}</source>
        <translation> ({column}번째 글자 근처)</translation>
    </message>
    <message>
        <source>The formula cannot be read{where}: check its brackets and operators.</source>
        <translation>식을 읽을 수 없습니다{where}: 괄호와 연산자를 확인하세요.</translation>
    </message>
    <message>
        <source>The formula is too long ({n} parts): at most {limit} are allowed.</source>
        <translation>식이 너무 깁니다 (부분 {n}개): {limit}개까지만 쓸 수 있습니다.</translation>
    </message>
    <message>
        <source>The formula does not use x or y, so there is nothing to descend.</source>
        <translation>식에 x도 y도 없어서 내려갈 곳이 없습니다.</translation>
    </message>
    <message>
        <source>&apos;{part}&apos; has no finite value (a division by zero, or too large).</source>
        <translation>&apos;{part}&apos;의 값이 유한하지 않습니다 (0으로 나누었거나 너무 큼).</translation>
    </message>
    <message>
        <source>&apos;{part}&apos; is not allowed in a formula: use numbers, x, y, + - * / ** and functions such as sin, exp, log, sqrt.</source>
        <translation>식에는 &apos;{part}&apos;을(를) 쓸 수 없습니다: 숫자, x, y, + - * / ** 와 sin, exp, log, sqrt 같은 함수를 쓰세요.</translation>
    </message>
    <message>
        <source>&apos;{part}&apos; is not a number.</source>
        <translation>&apos;{part}&apos;은(는) 숫자가 아닙니다.</translation>
    </message>
    <message>
        <source>&apos;{part}&apos; is too large a number.</source>
        <translation>&apos;{part}&apos;은(는) 너무 큰 숫자입니다.</translation>
    </message>
    <message>
        <source>{name} is a function: write {name}(...).</source>
        <translation>{name}은(는) 함수입니다: {name}(...)처럼 쓰세요.</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is unknown: a formula may use x, y, pi, e and the functions {functions}.</source>
        <translation>&apos;{name}&apos;은(는) 알 수 없는 이름입니다: 식에는 x, y, pi, e 와 함수 {functions}을(를) 쓸 수 있습니다.</translation>
    </message>
    <message>
        <source>The operator {symbol} is not allowed: use + - * / and ** (power).</source>
        <translation>연산자 {symbol}은(는) 쓸 수 없습니다: + - * / 와 ** (거듭제곱)을 쓰세요.</translation>
    </message>
    <message>
        <source>The power {part} is too large: exponents up to {limit} are allowed.</source>
        <translation>거듭제곱 {part}이(가) 너무 큽니다: 지수는 {limit}까지 쓸 수 있습니다.</translation>
    </message>
    <message>
        <source>&apos;{part}&apos; is not a function a formula may use: {functions}.</source>
        <translation>&apos;{part}&apos;은(는) 식에 쓸 수 있는 함수가 아닙니다: {functions}.</translation>
    </message>
    <message>
        <source>{name} takes {count} value(s), written {name}(...).</source>
        <translation>{name}은(는) 값 {count}개를 받습니다: {name}(...)처럼 쓰세요.</translation>
    </message>
</context>
<context>
    <name>FeaturesMenu</name>
    <message>
        <source>The inputs as they are</source>
        <translation>입력 그대로</translation>
    </message>
    <message>
        <source>Powers of x up to degree {d} (z, z², …)</source>
        <translation>x의 {d}차까지 거듭제곱 (z, z², …)</translation>
    </message>
    <message>
        <source>Crosses of x1, x2 up to degree {d} (z1, z2, z1², z1·z2, …)</source>
        <translation>x1, x2의 {d}차까지 교차 특성 (z1, z2, z1², z1·z2, …)</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>Cannot save {file}: there is a folder of that name. Choose another name.</source>
        <translation>{file}을(를) 저장할 수 없습니다: 같은 이름의 폴더가 있습니다. 다른 이름을 고르세요.</translation>
    </message>
    <message>
        <source>Cannot save {file}: the folder {folder} does not exist.</source>
        <translation>{file}을(를) 저장할 수 없습니다: {folder} 폴더가 없습니다.</translation>
    </message>
    <message>
        <source>Cannot save {file}: this app may not write in {folder}. Save it somewhere else (your Documents folder).</source>
        <translation>{file}을(를) 저장할 수 없습니다: 이 앱은 {folder}에 쓸 수 없습니다. 다른 곳(문서 폴더)에 저장하세요.</translation>
    </message>
    <message>
        <source>Cannot save {file}: the disk is full. Free some space, or save it somewhere else.</source>
        <translation>{file}을(를) 저장할 수 없습니다: 디스크가 가득 찼습니다. 공간을 비우거나 다른 곳에 저장하세요.</translation>
    </message>
    <message>
        <source>Cannot save {file}: {reason}.</source>
        <translation>{file}을(를) 저장할 수 없습니다: {reason}.</translation>
    </message>
</context>
<context>
    <name>FunctionCard</name>
    <message>
        <source>Your function</source>
        <translation>내가 입력한 함수</translation>
    </message>
    <message>
        <source>Lowest value f = 0 at {points} (the stars on the surface): a run that gets there is marked &apos;reached&apos;.</source>
        <translation>가장 낮은 값 f = 0: {points} (손실 지형의 별). 여기에 닿은 주자는 &apos;도착&apos;으로 표시됩니다.</translation>
    </message>
    <message>
        <source>No known minimum: runs may fall without end.</source>
        <translation>알려진 최솟값이 없습니다: 주자가 끝없이 내려갈 수 있습니다.</translation>
    </message>
    <message>
        <source>Drawn over x from {x0:g} to {x1:g}, y from {y0:g} to {y1:g}. Drag the start (○) on the surface to race from elsewhere; Data ▸ Functions has the others and a box to type your own.</source>
        <translation>x는 {x0:g}부터 {x1:g}까지, y는 {y0:g}부터 {y1:g}까지 그렸습니다. 손실 지형에서 출발점(○)을 끌면 다른 곳에서 경주합니다. 데이터 ▸ 함수에 다른 함수와 직접 식을 입력하는 칸이 있습니다.</translation>
    </message>
</context>
<context>
    <name>FunctionLab</name>
    <message>
        <source>Type a formula f(x, y)…</source>
        <translation>식 f(x, y) 입력…</translation>
    </message>
    <message>
        <source>f(x, y) = 
(numbers, x, y, + - * / ** or ^, and sin, cos, exp, log, sqrt, abs, tanh, sigmoid, min, max …; for example {example})</source>
        <translation>f(x, y) = 
(숫자, x, y, + - * / ** 또는 ^, 그리고 sin, cos, exp, log, sqrt, abs, tanh, sigmoid, min, max …; 예: {example})</translation>
    </message>
    <message>
        <source>Race on a formula</source>
        <translation>식 위에서 경주</translation>
    </message>
    <message>
        <source>Clip gradients</source>
        <translation>기울기 자르기</translation>
    </message>
    <message>
        <source>Largest gradient norm a step may use, as torch.nn.utils.clip_grad_norm_ (0: no clipping).
The race starts again.</source>
        <translation>한 스텝이 쓸 수 있는 가장 큰 기울기 크기 (torch.nn.utils.clip_grad_norm_과 같음, 0: 자르지 않음).
경주는 처음부터 다시 시작합니다.</translation>
    </message>
</context>
<context>
    <name>Functions</name>
    <message>
        <source>A long curved valley: plain gradient descent crawls along its floor.</source>
        <translation>길게 휜 골짜기: 보통의 경사 하강법은 골짜기 바닥을 따라 기어갑니다.</translation>
    </message>
    <message>
        <source>Flat plains and steep walls: a fixed step is too small in one place and too large in another.</source>
        <translation>평평한 들판과 가파른 벽: 고정된 학습률은 한 곳에서는 너무 작고 다른 곳에서는 너무 큽니다.</translation>
    </message>
    <message>
        <source>Four equal minima: which one a run finds depends on where it starts.</source>
        <translation>똑같이 낮은 최솟값이 네 개: 주자가 어느 것을 찾는지는 출발점에 달려 있습니다.</translation>
    </message>
    <message>
        <source>A plain bowl, stretched: the easy case to compare against.</source>
        <translation>늘어난 단순한 그릇 모양: 비교하기 좋은 쉬운 경우입니다.</translation>
    </message>
    <message>
        <source>Many local minima: gradient descent stops in the nearest one, not the lowest.</source>
        <translation>지역 최솟값이 많음: 경사 하강법은 가장 낮은 곳이 아니라 가장 가까운 곳에 멈춥니다.</translation>
    </message>
    <message>
        <source>A deep hole in a bumpy, nearly flat plain.</source>
        <translation>울퉁불퉁하고 거의 평평한 들판 가운데의 깊은 구멍.</translation>
    </message>
    <message>
        <source>A saddle point: the gradient vanishes there, yet it is no minimum. No minimum at all: the cost falls without end.</source>
        <translation>안장점: 기울기가 0이지만 최솟값이 아닙니다. 최솟값이 아예 없어 값이 끝없이 내려갑니다.</translation>
    </message>
    <message>
        <source>A saddle with three valleys going down; no minimum.</source>
        <translation>내려가는 골짜기가 세 개인 안장; 최솟값이 없습니다.</translation>
    </message>
    <message>
        <source>A bowl whose curvatures differ by the condition number: the larger it is, the more gradient descent zig-zags.</source>
        <translation>두 방향의 곡률이 조건수만큼 다른 그릇: 조건수가 클수록 경사 하강법이 지그재그로 움직입니다.</translation>
    </message>
    <message>
        <source>{name} takes no setting: write just {name}.</source>
        <translation>{name}에는 설정값이 없습니다: {name}만 쓰세요.</translation>
    </message>
    <message>
        <source>The condition number after quadratic: must be a number from 1 to {limit:g}, not {value}.</source>
        <translation>quadratic: 뒤의 조건수는 1부터 {limit:g}까지의 숫자여야 합니다 ({value}이(가) 아님).</translation>
    </message>
    <message>
        <source>The window to draw must run from a smaller to a larger finite number in x and in y.</source>
        <translation>그릴 범위는 x와 y 모두 작은 유한한 수에서 큰 유한한 수까지여야 합니다.</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Click on empty space (data)</source>
        <translation>빈 곳 클릭 (데이터)</translation>
    </message>
    <message>
        <source>add a point of the chosen class</source>
        <translation>고른 클래스의 점 추가</translation>
    </message>
    <message>
        <source>Drag a point</source>
        <translation>점 끌기</translation>
    </message>
    <message>
        <source>move it: the surface and the race follow</source>
        <translation>점 이동: 손실 지형과 경주가 따라 바뀜</translation>
    </message>
    <message>
        <source>Right-click a point, or Delete</source>
        <translation>점 오른쪽 클릭, 또는 Delete</translation>
    </message>
    <message>
        <source>remove it</source>
        <translation>점 지우기</translation>
    </message>
    <message>
        <source>Drag the start (surface)</source>
        <translation>출발점 끌기 (손실 지형)</translation>
    </message>
    <message>
        <source>start the race again from there</source>
        <translation>그 위치에서 경주를 다시 시작</translation>
    </message>
    <message>
        <source>Click a point</source>
        <translation>점 클릭</translation>
    </message>
    <message>
        <source>show its probabilities</source>
        <translation>그 점의 확률 보기</translation>
    </message>
    <message>
        <source>Left / Right on the step inspector&apos;s slider</source>
        <translation>스텝 살펴보기 슬라이더에서 ← / →</translation>
    </message>
    <message>
        <source>the run&apos;s update before or after the one shown</source>
        <translation>보이는 갱신의 바로 앞이나 뒤의 갱신</translation>
    </message>
    <message>
        <source>New points get class 0 to 9</source>
        <translation>새 점의 클래스 0~9</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>키보드</translation>
    </message>
    <message>
        <source>Mouse</source>
        <translation>마우스</translation>
    </message>
    <message>
        <source>The keys work while a number box has the keyboard too: Enter commits what you typed.</source>
        <translation>숫자 입력칸에 커서가 있어도 단축키가 동작합니다: Enter를 누르면 입력한 값이 적용됩니다.</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Watch linear, logistic and softmax regression learn: optimisers racing over the live loss surface of your data. It works offline.</source>
        <translation>선형 회귀, 로지스틱 회귀, 소프트맥스 회귀가 학습하는 모습을 보세요: 옵티마이저들이 내 데이터의 손실 지형 위에서 경주합니다. 인터넷 없이 동작합니다.</translation>
    </message>
    <message>
        <source>Built with</source>
        <translation>사용한 소프트웨어</translation>
    </message>
    <message>
        <source>About Descent Lab</source>
        <translation>Descent Lab 정보</translation>
    </message>
    <message>
        <source>The font licence (SIL OFL 1.1)</source>
        <translation>글꼴 라이선스 (SIL OFL 1.1)</translation>
    </message>
    <message>
        <source>The font&apos;s licence file is missing: it is the SIL Open Font License 1.1.</source>
        <translation>글꼴 라이선스 파일이 없습니다: SIL Open Font License 1.1입니다.</translation>
    </message>
    <message>
        <source>Font licence</source>
        <translation>글꼴 라이선스</translation>
    </message>
    <message>
        <source>Noto Sans CJK KR, bundled for the Korean text:</source>
        <translation>한글 표시용으로 함께 배포하는 Noto Sans CJK KR:</translation>
    </message>
</context>
<context>
    <name>ImagesCard</name>
    <message>
        <source>The previous page of samples</source>
        <translation>샘플 이전 쪽</translation>
    </message>
    <message>
        <source>The next page of samples</source>
        <translation>샘플 다음 쪽</translation>
    </message>
    <message>
        <source>samples {a}–{b} of {n} · frame: the class {run} predicts</source>
        <translation>샘플 {a}–{b} / {n} · 테두리: {run}이(가) 예측한 클래스</translation>
    </message>
    <message>
        <source>Click a sample to see it large</source>
        <translation>샘플을 클릭하면 크게 보입니다</translation>
    </message>
    <message>
        <source>sample {i}: class {truth}</source>
        <translation>샘플 {i}: 클래스 {truth}</translation>
    </message>
    <message>
        <source>{run} predicts {guess}</source>
        <translation>{run}의 예측 {guess}</translation>
    </message>
    <message>
        <source>weights of {run}, one picture per class ({order}, framed in its colour): vermillion pixels vote for the class, blue against (largest |w| = {scale})</source>
        <translation>{run}의 가중치, 클래스마다 그림 하나 ({order}, 테두리는 클래스 색): 주황 픽셀은 그 클래스 쪽으로, 파랑은 반대쪽으로 (가장 큰 |w| = {scale})</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>the first step: no buffer yet</source>
        <translation>첫 스텝: 아직 버퍼가 없음</translation>
    </message>
    <message>
        <source>decoupled weight decay: θ shrinks, m and v do not see it</source>
        <translation>분리된 가중치 감쇠: θ가 줄어들고, m과 v에는 들어가지 않음</translation>
    </message>
</context>
<context>
    <name>InspectorView</name>
    <message>
        <source>Which update of the run to take apart (Left/Right: one back, one on)</source>
        <translation>주자의 몇 번째 갱신을 뜯어볼지 (←/→: 하나 앞, 하나 뒤)</translation>
    </message>
    <message>
        <source>The run&apos;s update number</source>
        <translation>주자의 갱신 번호</translation>
    </message>
    <message>
        <source>Latest</source>
        <translation>최신</translation>
    </message>
    <message>
        <source>Follow the race: show each new step as it is taken</source>
        <translation>경주를 따라감: 새 스텝을 밟을 때마다 보여 줌</translation>
    </message>
    <message>
        <source>update</source>
        <translation>갱신</translation>
    </message>
    <message>
        <source>{run}: update {n} (race step {t}); kept: {first} to {last}</source>
        <translation>{run}: {n}번째 갱신 (경주 {t} 스텝); 보관: {first} ~ {last}</translation>
    </message>
    <message>
        <source>No step to take apart yet: press Play or Step</source>
        <translation>아직 뜯어볼 스텝이 없습니다: 재생이나 스텝을 누르세요</translation>
    </message>
    <message>
        <source>This rebuilt step differs from the step the race took: please report it.</source>
        <translation>다시 계산한 스텝이 경주의 실제 스텝과 다릅니다: 알려 주세요.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>주자</translation>
    </message>
    <message>
        <source>× plain GD</source>
        <translation>× 보통 GD</translation>
    </message>
    <message>
        <source>Race step {t} of every run. × plain GD: |Δθ| / (γ·|g|), 1 for plain gradient descent; momentum and adaptive steps differ.</source>
        <translation>모든 주자의 경주 {t} 스텝. × 보통 GD: |Δθ| / (γ·|g|), 보통의 경사 하강법은 1; 모멘텀과 적응형 스텝은 다릅니다.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <source>Loss surface</source>
        <translation>손실 지형</translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation>확률</translation>
    </message>
    <message>
        <source>Loss curves</source>
        <translation>손실 곡선</translation>
    </message>
    <message>
        <source>Race</source>
        <translation>경주</translation>
    </message>
    <message>
        <source>Step inspector</source>
        <translation>스텝 살펴보기</translation>
    </message>
    <message>
        <source>Descent Lab</source>
        <translation>Descent Lab</translation>
    </message>
</context>
<context>
    <name>Metrics</name>
    <message>
        <source>{run} flags {flagged} of {n} training points as {positive}</source>
        <translation>{run}은(는) 훈련 데이터 {n}개 중 {flagged}개를 {positive}(으)로 판정</translation>
    </message>
    <message>
        <source>test: {flagged} of {n}</source>
        <translation>테스트: {n}개 중 {flagged}개</translation>
    </message>
    <message>
        <source>(recall {r}, precision {p})</source>
        <translation>(재현율 {r}, 정밀도 {p})</translation>
    </message>
    <message>
        <source>Training rows</source>
        <translation>훈련 데이터</translation>
    </message>
    <message>
        <source>Test rows</source>
        <translation>테스트 데이터</translation>
    </message>
    <message>
        <source>accuracy {value}</source>
        <translation>정확도 {value}</translation>
    </message>
    <message>
        <source>precision {p}, recall {r}</source>
        <translation>정밀도 {p}, 재현율 {r}</translation>
    </message>
    <message>
        <source>confusion (rows: true class, columns: predicted)</source>
        <translation>혼동 행렬 (행: 실제 클래스, 열: 예측)</translation>
    </message>
</context>
<context>
    <name>ModelLayersMixin</name>
    <message>
        <source>✕: the {n} points {run} classifies wrongly</source>
        <translation>✕: {run}이(가) 잘못 분류한 점 {n}개</translation>
    </message>
    <message>
        <source>regions of {run} · ✕ {n} wrong</source>
        <translation>{run}의 영역 · ✕ 틀린 점 {n}개</translation>
    </message>
    <message>
        <source>({t} of them test points)</source>
        <translation>(그중 테스트 점 {t}개)</translation>
    </message>
    <message>
        <source>other {n} features held at sample {i}</source>
        <translation>나머지 특성 {n}개는 샘플 {i}의 값으로 고정</translation>
    </message>
    <message>
        <source>other {n} features held at their mean</source>
        <translation>나머지 특성 {n}개는 평균으로 고정</translation>
    </message>
</context>
<context>
    <name>OtherCostPlot</name>
    <message>
        <source>MSE on the sigmoid: not convex</source>
        <translation>시그모이드의 MSE: 볼록하지 않음</translation>
    </message>
    <message>
        <source> (curves down at the start)</source>
        <translation> (출발점에서 아래로 휨)</translation>
    </message>
    <message>
        <source>Cross-entropy: convex</source>
        <translation>교차 엔트로피: 볼록</translation>
    </message>
    <message>
        <source>Computing the other cost…</source>
        <translation>다른 비용을 계산하는 중…</translation>
    </message>
</context>
<context>
    <name>PenaltyControl</name>
    <message>
        <source>Penalty:</source>
        <translation>정규화:</translation>
    </message>
    <message>
        <source>none</source>
        <translation>없음</translation>
    </message>
    <message>
        <source>L2 (ridge)</source>
        <translation>L2 (릿지)</translation>
    </message>
    <message>
        <source>L1 (lasso)</source>
        <translation>L1 (라쏘)</translation>
    </message>
    <message>
        <source>L2 + L1</source>
        <translation>L2 + L1</translation>
    </message>
    <message>
        <source>Add a penalty on the weights to the cost (never on the bias): L2 adds λ·Σw², L1 adds λ·Σ|w| and sets weights exactly to 0</source>
        <translation>비용에 가중치 벌점을 더합니다 (편향은 제외): L2는 λ·Σw²를, L1은 λ·Σ|w|를 더하고 가중치를 정확히 0으로 만듭니다</translation>
    </message>
    <message>
        <source>The penalty&apos;s strength λ, from 0.0001 to 10 (a log scale)</source>
        <translation>정규화 세기 λ, 0.0001부터 10까지 (로그 눈금)</translation>
    </message>
    <message>
        <source>The cost is the data&apos;s cost + {terms}</source>
        <translation>비용 = 데이터의 비용 + {terms}</translation>
    </message>
</context>
<context>
    <name>Plane</name>
    <message>
        <source>start → optimum</source>
        <translation>출발점 → 최적점</translation>
    </message>
    <message>
        <source>start → falling direction</source>
        <translation>출발점 → 손실이 줄어드는 방향</translation>
    </message>
    <message>
        <source>random direction</source>
        <translation>무작위 방향</translation>
    </message>
    <message>
        <source>orthogonal</source>
        <translation>수직 방향</translation>
    </message>
    <message>
        <source>PC{k} (random)</source>
        <translation>PC{k} (무작위)</translation>
    </message>
</context>
<context>
    <name>PresentationMixin</name>
    <message>
        <source>Presentation mode</source>
        <translation>발표 모드</translation>
    </message>
    <message>
        <source>Larger text and lines for a projector, the advanced controls tucked away (F5)</source>
        <translation>프로젝터용으로 글자와 선을 크게, 고급 설정은 숨김 (F5)</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>30 points on a noisy line (x = 1 to 30): simple linear regression.</source>
        <translation>잡음이 있는 직선 위의 점 30개 (x = 1~30): 단순 선형 회귀.</translation>
    </message>
    <message>
        <source>1000 points around y = 3x + 2 with standard normal noise (drawn with torch).</source>
        <translation>y = 3x + 2 주변의 점 1000개, 표준 정규 잡음 (torch로 생성).</translation>
    </message>
    <message>
        <source>Two quizzes and a midterm predict the final exam score of 5 students.</source>
        <translation>퀴즈 두 번과 중간고사로 학생 5명의 기말고사 점수를 예측 (다중 선형 회귀).</translation>
    </message>
    <message>
        <source>Six points on a line, class 0 on the left and class 1 on the right.</source>
        <translation>직선 위의 점 6개: 왼쪽은 클래스 0, 오른쪽은 클래스 1.</translation>
    </message>
    <message>
        <source>Six 2-D points in two classes: logistic regression in the plane.</source>
        <translation>두 클래스의 2차원 점 6개: 평면에서의 로지스틱 회귀.</translation>
    </message>
    <message>
        <source>Eight points with 4 features in 3 classes: softmax regression.</source>
        <translation>특성 4개, 클래스 3개인 점 8개: 소프트맥스 회귀.</translation>
    </message>
    <message>
        <source>178 Italian wines, 13 chemical measurements, 3 grape cultivars.</source>
        <translation>이탈리아 와인 178개, 화학 측정값 13개, 포도 품종 3개.</translation>
    </message>
    <message>
        <source>1797 handwritten digits of 8×8 pixels, 10 classes.</source>
        <translation>8×8 픽셀 손글씨 숫자 1797개, 클래스 10개.</translation>
    </message>
    <message>
        <source>569 tumours, 30 cell measurements, benign (0) or malignant (1).</source>
        <translation>종양 569개, 세포 측정값 30개, 양성(0) 또는 악성(1).</translation>
    </message>
    <message>
        <source>150 iris flowers, 4 petal and sepal sizes, 3 species.</source>
        <translation>붓꽃 150송이, 꽃잎과 꽃받침 크기 4개, 품종 3개.</translation>
    </message>
    <message>
        <source>Random round clusters, one per class (default 300 points, 3 classes).</source>
        <translation>클래스마다 하나씩인 둥근 무작위 군집 (기본 점 300개, 클래스 3개).</translation>
    </message>
    <message>
        <source>Two interleaving half circles (default 200 points): not separable by a line.</source>
        <translation>서로 맞물린 반원 두 개 (기본 점 200개): 직선으로 나눌 수 없음.</translation>
    </message>
    <message>
        <source>A small circle inside a large one (default 200 points): not separable by a line.</source>
        <translation>큰 원 안의 작은 원 (기본 점 200개): 직선으로 나눌 수 없음.</translation>
    </message>
</context>
<context>
    <name>ProbabilityView</name>
    <message>
        <source>Threshold:</source>
        <translation>임계값:</translation>
    </message>
    <message>
        <source>A probability at or above the threshold is predicted as class 1</source>
        <translation>확률이 임계값 이상이면 클래스 1로 예측</translation>
    </message>
    <message>
        <source>Drag to move the threshold</source>
        <translation>드래그하여 임계값 이동</translation>
    </message>
    <message>
        <source>Click a point in the data view to see what each run predicts for it.</source>
        <translation>데이터 창에서 점을 클릭하면 각 주자가 그 점을 어떻게 예측하는지 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Lower the threshold: more points are flagged, fewer true ones are missed (recall rises), more flags are false (precision falls)</source>
        <translation>임계값을 낮추면 더 많은 점이 판정되어 놓치는 경우가 줄고 (재현율 상승), 잘못된 판정은 늘어납니다 (정밀도 하락)</translation>
    </message>
    <message>
        <source>A function has no samples: no predictions to show</source>
        <translation>함수에는 샘플이 없어 보여 줄 예측이 없습니다</translation>
    </message>
    <message>
        <source>No sample selected</source>
        <translation>선택한 샘플 없음</translation>
    </message>
    <message>
        <source>Sample {i} · true {target} = {value}</source>
        <translation>샘플 {i} · 실제 {target} = {value}</translation>
    </message>
    <message>
        <source>Sample {i} · true class: {name}</source>
        <translation>샘플 {i} · 실제 클래스: {name}</translation>
    </message>
    <message>
        <source>→ {name} ({p})</source>
        <translation>→ {name} ({p})</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>발산</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>확률</translation>
    </message>
    <message>
        <source>class (grey: the true one)</source>
        <translation>클래스 (회색: 실제 클래스)</translation>
    </message>
    <message>
        <source>{p} → class {name}</source>
        <translation>{p} → 클래스 {name}</translation>
    </message>
    <message>
        <source>P({name})</source>
        <translation>P({name})</translation>
    </message>
    <message>
        <source>run</source>
        <translation>주자</translation>
    </message>
    <message>
        <source>ŷ = {value}, (ŷ − y)² = {error}</source>
        <translation>ŷ = {value}, (ŷ − y)² = {error}</translation>
    </message>
    <message>
        <source>true {target} = {value}</source>
        <translation>실제 {target} = {value}</translation>
    </message>
    <message>
        <source>ŷ ({target})</source>
        <translation>ŷ ({target})</translation>
    </message>
</context>
<context>
    <name>RaceOnSurfaceMixin</name>
    <message>
        <source>{run} diverged at step {step}</source>
        <translation>{run}: 스텝 {step}에서 발산</translation>
    </message>
    <message>
        <source>Off the slice: {runs} — these paths move away from this plane (greatest distance in brackets); you see their shadow on it, and the map is not the loss they feel.</source>
        <translation>단면 밖: {runs} — 이 경로들은 이 평면에서 벗어납니다 (괄호 안은 최대 거리). 보이는 것은 평면에 비친 그림자일 뿐이며, 이 지도는 이 주자들이 실제로 겪는 손실이 아닙니다.</translation>
    </message>
</context>
<context>
    <name>RacePanel</name>
    <message>
        <source>GD (full batch)</source>
        <translation>GD (전체 배치)</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>모멘텀</translation>
    </message>
    <message>
        <source>Adagrad</source>
        <translation>아다그라드 (Adagrad)</translation>
    </message>
    <message>
        <source>RMSprop</source>
        <translation>RMSprop</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>AdamW</source>
        <translation>AdamW</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>모멘텀</translation>
    </message>
    <message>
        <source>dampening</source>
        <translation>억제 (dampening)</translation>
    </message>
    <message>
        <source>weight decay</source>
        <translation>가중치 감쇠</translation>
    </message>
    <message>
        <source>Nesterov</source>
        <translation>Nesterov</translation>
    </message>
    <message>
        <source>lr decay</source>
        <translation>학습률 감쇠</translation>
    </message>
    <message>
        <source>initial accumulator</source>
        <translation>누적값 초기값</translation>
    </message>
    <message>
        <source>eps</source>
        <translation>eps</translation>
    </message>
    <message>
        <source>alpha (decay)</source>
        <translation>alpha (감쇠율)</translation>
    </message>
    <message>
        <source>centered</source>
        <translation>중심화 (centered)</translation>
    </message>
    <message>
        <source>beta1</source>
        <translation>beta1</translation>
    </message>
    <message>
        <source>beta2</source>
        <translation>beta2</translation>
    </message>
    <message>
        <source>AMSGrad</source>
        <translation>AMSGrad</translation>
    </message>
    <message>
        <source>Show this run&apos;s path, line and curve</source>
        <translation>이 주자의 경로, 직선, 곡선 표시</translation>
    </message>
    <message>
        <source>The optimiser (changing it starts the race again)</source>
        <translation>옵티마이저 (바꾸면 경주를 다시 시작)</translation>
    </message>
    <message>
        <source>Learning rate, on a log scale from 1e-6 to 10</source>
        <translation>학습률, 1e-6~10 로그 스케일</translation>
    </message>
    <message>
        <source>Learning rate: applies at once, the run keeps its place</source>
        <translation>학습률: 바로 적용되며 주자는 현재 위치를 유지</translation>
    </message>
    <message>
        <source>full batch</source>
        <translation>전체 배치</translation>
    </message>
    <message>
        <source>stochastic (1)</source>
        <translation>확률적 (1)</translation>
    </message>
    <message>
        <source>mini-batch</source>
        <translation>미니 배치</translation>
    </message>
    <message>
        <source>Mini-batch size b</source>
        <translation>미니 배치 크기 b</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <source>Edit this run&apos;s other hyper-parameters</source>
        <translation>이 주자의 다른 하이퍼파라미터 편집</translation>
    </message>
    <message>
        <source>will diverge</source>
        <translation>발산할 학습률</translation>
    </message>
    <message>
        <source>Cost on the training rows {train}, on the test rows {test}</source>
        <translation>훈련 데이터의 비용 {train}, 테스트 데이터의 비용 {test}</translation>
    </message>
    <message>
        <source>Red mark: {lr}, the critical rate for this data (from the cost&apos;s Hessian): above it this run diverges.</source>
        <translation>빨간 표시: {lr}, 이 데이터의 임계 학습률 (비용의 헤세 행렬로 구함): 이보다 크면 이 주자는 발산합니다.</translation>
    </message>
    <message>
        <source>Red mark: {lr}, 2/λmax of the function&apos;s Hessian at the start: above it the first steps overshoot (the curvature changes as the run moves, so this is no limit).</source>
        <translation>빨간 표시: {lr}, 출발점에서 함수의 헤세 행렬로 구한 2/λmax: 이보다 크면 첫 스텝들이 지나쳐 갑니다 (주자가 움직이면 곡률이 바뀌므로 한계는 아닙니다).</translation>
    </message>
    <message>
        <source>Red mark: {lr}, 2/λmax of the cost&apos;s Hessian at the start: above it the cost may rise and fall at first instead of falling at every step (for a cross-entropy the curvature changes as the run moves, so this is no limit).</source>
        <translation>빨간 표시: {lr}, 출발점에서 비용의 헤세 행렬로 구한 2/λmax: 이보다 크면 처음에는 비용이 스텝마다 줄지 않고 오르내릴 수 있습니다 (교차 엔트로피는 주자가 움직이면 곡률이 바뀌므로 한계는 아닙니다).</translation>
    </message>
    <message>
        <source>diverged at step {n}</source>
        <translation>스텝 {n}에서 발산</translation>
    </message>
    <message>
        <source>Within {tol:.3g} of a minimum of the function (a star on the surface)</source>
        <translation>함수의 최솟값(손실 지형의 별)에서 {tol:.3g} 안에 있음</translation>
    </message>
    <message>
        <source>reached at step {n}</source>
        <translation>{n} 스텝에 도착</translation>
    </message>
    <message>
        <source>at the minimum</source>
        <translation>최솟값에 있음</translation>
    </message>
    <message>
        <source>stuck at step {n}</source>
        <translation>{n} 스텝에 갇힘</translation>
    </message>
    <message>
        <source>The gradient is zero here but this is not the lowest point: a local minimum (or a saddle)</source>
        <translation>여기서 기울기는 0이지만 가장 낮은 곳이 아닙니다: 지역 최솟값 (또는 안장점)</translation>
    </message>
    <message>
        <source>converged at step {n}</source>
        <translation>스텝 {n}에서 수렴</translation>
    </message>
    <message>
        <source>stopped at step {n} (the limit)</source>
        <translation>스텝 {n}에서 정지 (한도)</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>running</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>주자</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>표시</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source>Add run</source>
        <translation>주자 추가</translation>
    </message>
    <message>
        <source>Add a run that starts now from the start point</source>
        <translation>지금 출발점에서 출발하는 주자 추가</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>복제</translation>
    </message>
    <message>
        <source>Copy the selected run as it is now: a fork in the race</source>
        <translation>선택한 주자를 현재 상태 그대로 복제: 경주의 갈림길</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Remove the selected run</source>
        <translation>선택한 주자 삭제</translation>
    </message>
    <message>
        <source>Every run stops here; the race pauses when all have stopped</source>
        <translation>모든 주자가 여기서 멈춤. 모두 멈추면 경주가 일시 정지됨</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>에폭</translation>
    </message>
    <message>
        <source>Stop after</source>
        <translation>정지 한도</translation>
    </message>
    <message>
        <source>f(x, y)</source>
        <translation>f(x, y)</translation>
    </message>
    <message>
        <source>Hessian: κ = {kappa} (λ {low} to {high})</source>
        <translation>헤세 행렬: κ = {kappa} (λ {low} ~ {high})</translation>
    </message>
    <message>
        <source>Hessian: λ {low} to {high}, curving down</source>
        <translation>헤세 행렬: λ {low} ~ {high}, 아래로 휨</translation>
    </message>
    <message>
        <source>The cost&apos;s curvatures at the start (the Hessian&apos;s eigenvalues): κ = λmax / λmin. The larger κ, the longer and narrower the valley and the slower gradient descent; above 2/λmax = {critical} it diverges.</source>
        <translation>출발점에서 비용의 곡률 (헤세 행렬의 고윳값): κ = λmax / λmin. κ가 클수록 골짜기가 길고 좁아져 경사 하강법이 느려지며, 학습률이 2/λmax = {critical}보다 크면 발산합니다.</translation>
    </message>
    <message>
        <source>The function&apos;s curvatures at the start (the Hessian&apos;s eigenvalues): one is below 0, so it curves down that way, as at a saddle or a hilltop: no minimum is near here.</source>
        <translation>출발점에서 함수의 곡률 (헤세 행렬의 고윳값): 0보다 작은 것이 있어 그 방향으로는 아래로 휩니다. 안장점이나 언덕 꼭대기처럼, 가까이에 최솟값이 없습니다.</translation>
    </message>
    <message>
        <source>{flat} flat directions (the softmax&apos;s classes shifted alike) are left out.</source>
        <translation>평평한 방향 {flat}개 (소프트맥스의 모든 클래스를 똑같이 옮기는 방향)는 뺐습니다.</translation>
    </message>
    <message>
        <source>Settings of {run}</source>
        <translation>{run} 설정</translation>
    </message>
    <message>
        <source>Settings of {run} ({optimizer})</source>
        <translation>{run} 설정 · {optimizer}</translation>
    </message>
</context>
<context>
    <name>ReadoutMixin</name>
    <message>
        <source> (test set)</source>
        <translation> (테스트 데이터)</translation>
    </message>
    <message>
        <source>point {i}: {x} = {xv}, {t} = {tv}</source>
        <translation>점 {i}: {x} = {xv}, {t} = {tv}</translation>
    </message>
    <message>
        <source>point {i}: {x} = {xv}, class {c}</source>
        <translation>점 {i}: {x} = {xv}, 클래스 {c}</translation>
    </message>
    <message>
        <source>point {i}: {x} = {xv}, {y} = {yv}, class {c}</source>
        <translation>점 {i}: {x} = {xv}, {y} = {yv}, 클래스 {c}</translation>
    </message>
</context>
<context>
    <name>Script</name>
    <message>
        <source>linear regression, mean squared error (MSE)</source>
        <translation>선형 회귀, 평균 제곱 오차 (MSE)</translation>
    </message>
    <message>
        <source>logistic regression, binary cross-entropy</source>
        <translation>로지스틱 회귀, 이진 교차 엔트로피 (BCE)</translation>
    </message>
    <message>
        <source>softmax regression, cross-entropy</source>
        <translation>소프트맥스 회귀, 교차 엔트로피</translation>
    </message>
    <message>
        <source>logistic regression trained on MSE of the sigmoid (not convex)</source>
        <translation>시그모이드의 평균 제곱 오차(MSE)로 학습하는 로지스틱 회귀 (볼록하지 않음)</translation>
    </message>
    <message>
        <source>A PyTorch script is written for a data set&apos;s model; a race on a function has none to write.</source>
        <translation>PyTorch 스크립트는 데이터셋의 모델을 위해 씁니다. 함수 위의 경주에는 쓸 모델이 없습니다.</translation>
    </message>
    <message>
        <source>the DataLoaders shuffle with the global generator</source>
        <translation>DataLoader는 전역 생성기로 섞음</translation>
    </message>
    <message>
        <source>{name}: {model} with {runs} optimiser(s), in plain PyTorch.</source>
        <translation>{name}: {model}, 옵티마이저 {runs}개, 순수 PyTorch 코드.</translation>
    </message>
    <message>
        <source>Written by Descent Lab. Run it: python this_file.py</source>
        <translation>Descent Lab이 작성함. 실행: python this_file.py</translation>
    </message>
    <message>
        <source>Each run prints the cost on the whole training set every few steps, then its weight and bias.</source>
        <translation>각 주자는 몇 스텝마다 훈련 데이터 전체의 비용을 출력하고, 끝에 가중치와 편향을 출력합니다.</translation>
    </message>
    <message>
        <source>the app computes in float64</source>
        <translation>앱은 float64로 계산함</translation>
    </message>
    <message>
        <source>the data: {n} samples, {d} feature(s) ({features}), target {target}</source>
        <translation>데이터: 샘플 {n}개, 특성 {d}개 ({features}), 타깃 {target}</translation>
    </message>
    <message>
        <source>every run starts from the same point</source>
        <translation>모든 주자는 같은 점에서 출발</translation>
    </message>
    <message>
        <source>mini-batches of {batch}, {steps} steps</source>
        <translation>크기 {batch}의 미니 배치, {steps} 스텝</translation>
    </message>
    <message>
        <source>the whole data set at every step (full batch), {steps} steps</source>
        <translation>스텝마다 데이터 전체 (전체 배치), {steps} 스텝</translation>
    </message>
    <message>
        <source>one epoch</source>
        <translation>에폭 한 번</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Opened {file}</source>
        <translation>{file} 열림</translation>
    </message>
    <message>
        <source>Could not open the file</source>
        <translation>파일을 열 수 없습니다</translation>
    </message>
    <message>
        <source>Cannot save {file}: {reason}.</source>
        <translation>{file}을(를) 저장할 수 없습니다: {reason}.</translation>
    </message>
    <message>
        <source>There is no race to export yet.</source>
        <translation>아직 내보낼 경주가 없습니다.</translation>
    </message>
    <message>
        <source>Could not export</source>
        <translation>내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>Exported {rows} steps to {file}</source>
        <translation>{rows}개 스텝을 {file}(으)로 내보냄</translation>
    </message>
    <message>
        <source>A race on a function has no data points: load a data set to edit points.</source>
        <translation>함수 위의 경주에는 데이터 점이 없습니다: 점을 편집하려면 데이터셋을 불러오세요.</translation>
    </message>
    <message>
        <source>Could not save the session</source>
        <translation>세션을 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>{name} opens as the course runs it: {test} % of the points held out as a test set (drawn hollow), and standardised</source>
        <translation>{name}은(는) 수업에서 하는 대로 열립니다: 점의 {test} %를 테스트 데이터로 떼어 두고 (속이 빈 점), 표준화했습니다</translation>
    </message>
    <message>
        <source>Cannot race on this function</source>
        <translation>이 함수로는 경주할 수 없습니다</translation>
    </message>
    <message>
        <source>Saved {file}</source>
        <translation>{file} 저장됨</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>{epochs} epochs would be more than {most} updates for {runs}: they stop at {most} updates.</source>
        <translation>{runs}에게 {epochs} 에폭은 갱신 {most}번보다 많습니다: 갱신 {most}번에서 멈춥니다.</translation>
    </message>
    <message>
        <source>There is no data yet: nothing to save.</source>
        <translation>아직 데이터가 없습니다: 저장할 것이 없습니다.</translation>
    </message>
    <message>
        <source>Cannot save: a feature is not a finite number (NaN or infinity): change or delete that point first.</source>
        <translation>저장할 수 없습니다: 특성 값 중에 유한하지 않은 수(NaN 또는 무한대)가 있습니다: 먼저 그 점을 고치거나 지우세요.</translation>
    </message>
    <message>
        <source>Cannot save: a target is not a finite number (NaN or infinity): change or delete that point first.</source>
        <translation>저장할 수 없습니다: 타깃 값 중에 유한하지 않은 수(NaN 또는 무한대)가 있습니다: 먼저 그 점을 고치거나 지우세요.</translation>
    </message>
    <message>
        <source>Cannot open {file}: the file does not exist.</source>
        <translation>{file}을(를) 열 수 없습니다: 파일이 없습니다.</translation>
    </message>
    <message>
        <source>Cannot open {file}: {reason}.</source>
        <translation>{file}을(를) 열 수 없습니다: {reason}.</translation>
    </message>
    <message>
        <source>Cannot open {file}: it is a folder, not a file.</source>
        <translation>{file}을(를) 열 수 없습니다: 파일이 아니라 폴더입니다.</translation>
    </message>
    <message>
        <source>Cannot open {file}: it is not a regular file.</source>
        <translation>{file}을(를) 열 수 없습니다: 일반 파일이 아닙니다.</translation>
    </message>
    <message>
        <source>Cannot open {file}: it is larger than {size} MB, too big for a session.</source>
        <translation>{file}을(를) 열 수 없습니다: {size} MB보다 커서 세션으로는 너무 큽니다.</translation>
    </message>
    <message>
        <source>{file} is not a Descent Lab session (it is not UTF-8 text).</source>
        <translation>{file}은(는) Descent Lab 세션이 아닙니다 (UTF-8 텍스트가 아닙니다).</translation>
    </message>
    <message>
        <source>{file} is damaged or not a Descent Lab session: it is not valid JSON (line {line}).</source>
        <translation>{file}이(가) 손상되었거나 Descent Lab 세션이 아닙니다: 올바른 JSON이 아닙니다 ({line}번째 줄).</translation>
    </message>
    <message>
        <source>{file} is damaged or not a Descent Lab session: it is not valid JSON.</source>
        <translation>{file}이(가) 손상되었거나 Descent Lab 세션이 아닙니다: 올바른 JSON이 아닙니다.</translation>
    </message>
    <message>
        <source>{file}: {reason}.</source>
        <translation>{file}: {reason}.</translation>
    </message>
    <message>
        <source>{token} is not a number a session may hold</source>
        <translation>{token}은(는) 세션에 담을 수 있는 숫자가 아닙니다</translation>
    </message>
    <message>
        <source>{file} is not a Descent Lab session.</source>
        <translation>{file}은(는) Descent Lab 세션이 아닙니다.</translation>
    </message>
    <message>
        <source>{file} is damaged: its format version is missing.</source>
        <translation>{file}이(가) 손상되었습니다: 형식 버전이 없습니다.</translation>
    </message>
    <message>
        <source>{file} was saved by a newer Descent Lab (session format {version}); this version opens format {opens}. Update Descent Lab to open it.</source>
        <translation>{file}은(는) 더 새로운 Descent Lab에서 저장되었습니다 (세션 형식 {version}). 이 버전이 여는 형식은 {opens}입니다. 이 파일을 열려면 Descent Lab을 업데이트하세요.</translation>
    </message>
    <message>
        <source>{file}: two runs have the same label.</source>
        <translation>{file}: 두 주자의 이름이 같습니다.</translation>
    </message>
    <message>
        <source>{file}: the plane must be a short text such as &quot;auto&quot;.</source>
        <translation>{file}: 평면(plane)은 &quot;auto&quot; 같은 짧은 텍스트여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: the shown features must be two feature numbers from 0 to {last}.</source>
        <translation>{file}: 표시할 특성은 0부터 {last}까지의 특성 번호 두 개여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: {reason}</source>
        <translation>{file}: {reason}</translation>
    </message>
    <message>
        <source>{file}: &quot;features&quot; must say its expansion, e.g. {{&quot;text&quot;: &quot;poly:3&quot;, &quot;mean&quot;: [..], &quot;std&quot;: [..]}}.</source>
        <translation>{file}: &quot;features&quot;에는 특성 확장이 적혀 있어야 합니다. 예: {{&quot;text&quot;: &quot;poly:3&quot;, &quot;mean&quot;: [..], &quot;std&quot;: [..]}}.</translation>
    </message>
    <message>
        <source>{file}: the features&apos; mean and std must be one finite number per input, the std above 0.</source>
        <translation>{file}: 특성의 mean과 std는 입력마다 유한한 수 하나여야 하고, std는 0보다 커야 합니다.</translation>
    </message>
    <message>
        <source>{file}: the data set&apos;s X and y must be lists of numbers.</source>
        <translation>{file}: 데이터셋의 X와 y는 숫자 목록이어야 합니다.</translation>
    </message>
    <message>
        <source>{file}: the data set has more than {rows} rows, too many for this app.</source>
        <translation>{file}: 데이터셋의 행이 {rows}개보다 많아 이 앱에서 다루기에는 너무 많습니다.</translation>
    </message>
    <message>
        <source>{file}: the data set has {rows} rows of features but {targets} targets.</source>
        <translation>{file}: 데이터셋에 특성 행은 {rows}개인데 타깃은 {targets}개입니다.</translation>
    </message>
    <message>
        <source>{file}: row {row} of the data must be {width} finite numbers.</source>
        <translation>{file}: 데이터의 {row}번째 행은 유한한 수 {width}개여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: every target must be a finite number.</source>
        <translation>{file}: 모든 타깃은 유한한 수여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: the data set&apos;s name and target name must be texts.</source>
        <translation>{file}: 데이터셋의 이름과 타깃 이름은 텍스트여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: the test rows must be different row numbers from 0 to {last}, leaving at least one row to train on.</source>
        <translation>{file}: 테스트 행은 0부터 {last}까지의 서로 다른 행 번호여야 하고, 학습할 행이 적어도 하나 남아야 합니다.</translation>
    </message>
    <message>
        <source>{file}: the function needs its name and formula as texts.</source>
        <translation>{file}: 함수의 이름과 식이 글자여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: the function&apos;s window must be [[x from, x to], [y from, y to]].</source>
        <translation>{file}: 함수의 범위는 [[x 시작, x 끝], [y 시작, y 끝]] 이어야 합니다.</translation>
    </message>
    <message>
        <source>run {number}</source>
        <translation>주자 {number}</translation>
    </message>
    <message>
        <source>{file}: run {number} must be an object.</source>
        <translation>{file}: 주자 {number}은(는) 객체여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: run {number} needs a label of 1 to 60 characters.</source>
        <translation>{file}: 주자 {number}에게는 1~60자의 이름이 있어야 합니다.</translation>
    </message>
    <message>
        <source>{file}: run {number}&apos;s hyper-parameters must be an object of numbers.</source>
        <translation>{file}: 주자 {number}의 하이퍼파라미터는 숫자로 된 객체여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: run {number}&apos;s batch must be null (full batch) or a whole number from 1.</source>
        <translation>{file}: 주자 {number}의 배치 크기는 null(전체 배치) 또는 1 이상의 정수여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: run {number}&apos;s colour must be written #rrggbb.</source>
        <translation>{file}: 주자 {number}의 색은 #rrggbb 형식으로 써야 합니다.</translation>
    </message>
    <message>
        <source>{file}: &quot;{key}&quot; is missing (is the file cut short?).</source>
        <translation>{file}: &quot;{key}&quot;이(가) 없습니다 (파일이 중간에 잘렸나요?).</translation>
    </message>
    <message>
        <source>{file}: &quot;{key}&quot; has the wrong form.</source>
        <translation>{file}: &quot;{key}&quot;의 형식이 잘못되었습니다.</translation>
    </message>
    <message>
        <source>{file}: &quot;{key}&quot; must hold {low} to {high} entries, not {count}.</source>
        <translation>{file}: &quot;{key}&quot;의 항목은 {low}~{high}개여야 하는데 {count}개입니다.</translation>
    </message>
    <message>
        <source>{file}: {where} &quot;{key}&quot; must be one of {choices}.</source>
        <translation>{file}: {where} &quot;{key}&quot;은(는) {choices} 중 하나여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: &quot;{key}&quot; must be one of {choices}.</source>
        <translation>{file}: &quot;{key}&quot;은(는) {choices} 중 하나여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: {where} &quot;{key}&quot; must be true or false.</source>
        <translation>{file}: {where} &quot;{key}&quot;은(는) true 또는 false여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: &quot;{key}&quot; must be true or false.</source>
        <translation>{file}: &quot;{key}&quot;은(는) true 또는 false여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: {where} &quot;{key}&quot; must be a whole number from {low} to {high}.</source>
        <translation>{file}: {where} &quot;{key}&quot;은(는) {low}부터 {high}까지의 정수여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: &quot;{key}&quot; must be a whole number from {low} to {high}.</source>
        <translation>{file}: &quot;{key}&quot;은(는) {low}부터 {high}까지의 정수여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: {where} &quot;{key}&quot; must be a number from {low} to {high}.</source>
        <translation>{file}: {where} &quot;{key}&quot;은(는) {low}부터 {high}까지의 수여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: &quot;{key}&quot; must be a number from {low} to {high}.</source>
        <translation>{file}: &quot;{key}&quot;은(는) {low}부터 {high}까지의 수여야 합니다.</translation>
    </message>
    <message>
        <source>{file}: &quot;{key}&quot; must be a list of {low} to {high} short texts.</source>
        <translation>{file}: &quot;{key}&quot;은(는) 짧은 텍스트 {low}~{high}개의 목록이어야 합니다.</translation>
    </message>
    <message>
        <source>{file}: &quot;{key}&quot; must be {size} finite numbers (one per parameter).</source>
        <translation>{file}: &quot;{key}&quot;은(는) 유한한 수 {size}개여야 합니다 (파라미터마다 하나).</translation>
    </message>
</context>
<context>
    <name>SessionFiles</name>
    <message>
        <source>Saved {name}</source>
        <translation>{name} 저장됨</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>열기</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>세션 저장</translation>
    </message>
    <message>
        <source>Descent Lab sessions (*.dlab.json)</source>
        <translation>Descent Lab 세션 (*.dlab.json)</translation>
    </message>
    <message>
        <source>Export data as CSV</source>
        <translation>데이터를 CSV로 내보내기</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 파일 (*.csv)</translation>
    </message>
    <message>
        <source>Could not save the file</source>
        <translation>파일을 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>(최근 파일 없음)</translation>
    </message>
    <message>
        <source>Restore the last session?</source>
        <translation>지난 세션을 복원할까요?</translation>
    </message>
    <message>
        <source>Descent Lab did not close normally last time. Restore the session it saved at {when}?</source>
        <translation>지난번에 Descent Lab이 정상적으로 종료되지 않았습니다. {when}에 저장된 세션을 복원할까요?</translation>
    </message>
    <message>
        <source>Could not save the session</source>
        <translation>세션을 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>저장하지 않은 변경 사항</translation>
    </message>
    <message>
        <source>The session has changes that are not saved. Save them before closing?</source>
        <translation>세션에 저장하지 않은 변경 사항이 있습니다. 닫기 전에 저장할까요?</translation>
    </message>
</context>
<context>
    <name>SurfaceView</name>
    <message>
        <source>Log colour scale</source>
        <translation>색상 로그 스케일</translation>
    </message>
    <message>
        <source>Losses span orders of magnitude: a log scale shows the valley floor</source>
        <translation>손실 값이 여러 자릿수에 걸쳐 있음: 로그 스케일에서는 골짜기 바닥도 보임</translation>
    </message>
    <message>
        <source>Both costs</source>
        <translation>두 비용</translation>
    </message>
    <message>
        <source>Cross-entropy and MSE on the sigmoid side by side, on the same data and plane: one is convex, the other is not</source>
        <translation>같은 데이터와 평면에서 교차 엔트로피와 시그모이드의 MSE를 나란히: 하나는 볼록하고 다른 하나는 그렇지 않습니다</translation>
    </message>
    <message>
        <source>The optimum: the lowest loss</source>
        <translation>최적점: 손실이 가장 낮은 곳</translation>
    </message>
    <message>
        <source>no finite minimum:
loss keeps falling this way</source>
        <translation>유한한 최적점 없음:
이 방향으로 손실이 계속 줄어듦</translation>
    </message>
    <message>
        <source>start</source>
        <translation>출발점</translation>
    </message>
    <message>
        <source>Drag the start: every run restarts from here</source>
        <translation>출발점을 드래그: 모든 주자가 여기서 다시 출발</translation>
    </message>
    <message>
        <source>Computing the loss surface…</source>
        <translation>손실 지형 계산 중…</translation>
    </message>
    <message>
        <source>{cost} (the runs train on it)</source>
        <translation>{cost} (주자들이 학습하는 비용)</translation>
    </message>
    <message>
        <source>A minimum of the function: the lowest value</source>
        <translation>함수의 최솟값: 가장 낮은 값</translation>
    </message>
    <message>
        <source>The optimum before the last edit: the new one is being computed</source>
        <translation>마지막 편집 전의 최적점: 새 최적점 계산 중</translation>
    </message>
    <message>
        <source>loss (log scale)</source>
        <translation>손실 (로그 스케일)</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>loss ≈ {loss}</source>
        <translation>손실 ≈ {loss}</translation>
    </message>
    <message>
        <source> (other cost ≈ {loss})</source>
        <translation> (다른 비용 ≈ {loss})</translation>
    </message>
    <message>
        <source>f(x, y) over x and y; the stars are its minima</source>
        <translation>x와 y 위의 f(x, y); 별은 최솟값</translation>
    </message>
    <message>
        <source>f(x, y) over x and y</source>
        <translation>x와 y 위의 f(x, y)</translation>
    </message>
    <message>
        <source>the whole parameter space</source>
        <translation>파라미터 공간 전체</translation>
    </message>
    <message>
        <source>a slice: {a} and {b} vary, the other parameters held</source>
        <translation>단면: {a}와(과) {b}만 바뀌고 다른 파라미터는 고정</translation>
    </message>
    <message>
        <source>a slice from the start along the direction in which the loss keeps falling (no finite optimum)</source>
        <translation>출발점에서 손실이 계속 줄어드는 방향으로 자른 단면 (유한한 최적점 없음)</translation>
    </message>
    <message>
        <source>a slice through the start and the optimum</source>
        <translation>출발점과 최적점을 지나는 단면</translation>
    </message>
    <message>
        <source>a slice along the two main directions of the paths (PCA)</source>
        <translation>경로의 두 주요 방향을 따라 자른 단면 (PCA)</translation>
    </message>
    <message>
        <source>a slice of the parameter space</source>
        <translation>파라미터 공간의 단면</translation>
    </message>
    <message>
        <source>a coarser grid while the full one is computed</source>
        <translation>전체 격자를 계산하는 동안 거친 격자로 표시</translation>
    </message>
    <message>
        <source>Plane:</source>
        <translation>평면:</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>Two parameters</source>
        <translation>파라미터 두 개</translation>
    </message>
    <message>
        <source>Start → optimum</source>
        <translation>출발점 → 최적점</translation>
    </message>
    <message>
        <source>PCA of the trajectories</source>
        <translation>경로의 PCA</translation>
    </message>
    <message>
        <source>Which 2-D slice through the parameters the map shows</source>
        <translation>지도가 보여 줄 파라미터 공간의 2차원 단면</translation>
    </message>
    <message>
        <source>Parameter along the horizontal axis</source>
        <translation>가로축 파라미터</translation>
    </message>
    <message>
        <source>Parameter along the vertical axis</source>
        <translation>세로축 파라미터</translation>
    </message>
    <message>
        <source>step arrows ×{s}</source>
        <translation>스텝 화살표 ×{s}</translation>
    </message>
</context>
<context>
    <name>Sweep</name>
    <message>
        <source>Could not sweep</source>
        <translation>훑어볼 수 없습니다</translation>
    </message>
    <message>
        <source>A sweep is running already: wait for it, or cancel it first.</source>
        <translation>이미 훑어보는 중입니다: 끝날 때까지 기다리거나 먼저 취소하세요.</translation>
    </message>
    <message>
        <source>There is no race to sweep yet.</source>
        <translation>아직 훑어볼 경주가 없습니다.</translation>
    </message>
    <message>
        <source>The sweep was cancelled.</source>
        <translation>훑어보기를 취소했습니다.</translation>
    </message>
    <message>
        <source>The learning rates must be positive, the first no larger than the last.</source>
        <translation>학습률은 양수여야 하고, 처음 값이 마지막 값보다 크면 안 됩니다.</translation>
    </message>
    <message>
        <source>Sweep 1 to {limit} learning rates (more than one needs a range).</source>
        <translation>학습률은 1개부터 {limit}개까지 훑어볼 수 있습니다 (여러 개면 범위가 필요합니다).</translation>
    </message>
    <message>
        <source>A sweep races 1 to {most} steps.</source>
        <translation>훑어보기는 1부터 {most} 스텝까지 경주합니다.</translation>
    </message>
    <message>
        <source>The (lr, β) map is for momentum (SGD&apos;s momentum β).</source>
        <translation>(lr, β) 지도는 모멘텀용입니다 (SGD의 모멘텀 β).</translation>
    </message>
    <message>
        <source>β runs from 0 up to below 1, in 1 to {limit} values.</source>
        <translation>β는 0부터 1 미만까지, 값 1개부터 {limit}개까지입니다.</translation>
    </message>
</context>
<context>
    <name>SweepDialog</name>
    <message>
        <source>Learning-rate sweep</source>
        <translation>학습률 훑어보기</translation>
    </message>
    <message>
        <source>(lr, β) map of momentum</source>
        <translation>모멘텀의 (lr, β) 지도</translation>
    </message>
    <message>
        <source>Race every pair of a learning rate and a momentum β (up to {n} × {n}) and colour each by the steps it takes to get near the optimum</source>
        <translation>학습률과 모멘텀 β의 모든 쌍 (최대 {n} × {n})을 경주시키고, 최적점 근처에 닿기까지 걸린 스텝으로 색칠합니다</translation>
    </message>
    <message>
        <source>Optimiser of</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <source>to</source>
        <translation>~</translation>
    </message>
    <message>
        <source>in</source>
        <translation>사이</translation>
    </message>
    <message>
        <source>rates</source>
        <translation>개</translation>
    </message>
    <message>
        <source>Learning rates</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>스텝</translation>
    </message>
    <message>
        <source>Momentum β</source>
        <translation>모멘텀 β</translation>
    </message>
    <message>
        <source>Sweep</source>
        <translation>훑어보기</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <source>Nothing swept yet for this data and start.</source>
        <translation>이 데이터와 출발점으로 아직 훑어본 것이 없습니다.</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>cost after {n} steps</source>
        <translation>{n} 스텝 뒤의 비용</translation>
    </message>
    <message>
        <source>{ok} of {n} rates converge or keep falling; × diverged.</source>
        <translation>학습률 {n}개 중 {ok}개가 수렴하거나 계속 내려갑니다; ×는 발산.</translation>
    </message>
    <message>
        <source>Dashed: the critical rate {lr} = 2(1 + β)/λmax of the Hessian at the start.</source>
        <translation>점선: 출발점의 헤세 행렬로 구한 임계 학습률 {lr} = 2(1 + β)/λmax.</translation>
    </message>
    <message>
        <source>log₁₀ learning rate</source>
        <translation>log₁₀ 학습률</translation>
    </message>
    <message>
        <source>momentum β</source>
        <translation>모멘텀 β</translation>
    </message>
    <message>
        <source>Colour: steps to get near the optimum (dark: fast, light: slow; grey: not in {n} steps; dark red: diverged).</source>
        <translation>색: 최적점 근처에 닿기까지의 스텝 (어두움: 빠름, 밝음: 느림; 회색: {n} 스텝 안에 못 닿음; 검붉은색: 발산).</translation>
    </message>
    <message>
        <source>Line: lr·λmax = 2 + 2β, beyond which heavy-ball momentum diverges.</source>
        <translation>선: lr·λmax = 2 + 2β, 이보다 크면 헤비볼 모멘텀이 발산합니다.</translation>
    </message>
</context>
</TS>
